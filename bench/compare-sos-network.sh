#!/usr/bin/env bash
# compare-sos-network.sh - `jsos collect --only interfaces,bridge,openvswitch` vs
# `sos report -o networking,openvswitch` (Debian sosreport) on the same network setup.
#
#   bench/compare-sos-network.sh [--runs N] [--namespaces N] [--flows N]   (defaults 3, 20, 1000)
#
# Builds, with unique names, and removes on exit:
#   - N named network namespaces ("pods"), each with a veth whose node-side end is a port of one
#     Linux bridge (STP on) in the root namespace;
#   - a private Open vSwitch (ovsdb-server + ovs-vswitchd, userspace datapath, state in a scratch
#     folder) with an internal port, an access port, a trunk, a balance-slb bond and N flows in two
#     tables. sos finds it through OVS_RUNDIR (its commands inherit the environment), jsos through
#     -o openvswitch.rundir/db/logdir.
# Then runs both tools alternately (one uncounted warm-up each, then --runs counted runs each) under
# GNU time and prints median wall, CPU (user+sys, children included), peak RSS and archive size, and
# the ratios sos/jsos. As root (both tools and the setup need it). Report on stdout, progress on stderr.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs=3; nns=20; flows=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --namespaces) nns="$2"; shift 2 ;;
    --flows) flows="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ && $nns =~ ^[0-9]+$ && $flows =~ ^[0-9]+$ ]] || { echo "--runs/--namespaces/--flows take numbers" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
for p in sos ip bridge ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl ovsdb-tool /usr/bin/time; do
  command -v "$p" >/dev/null || { echo "missing $p (apt-get install sosreport iproute2 openvswitch-switch time)" >&2; exit 2; }
done
progress() { echo "compare-sos-network: $*" >&2; }

sfx=$(printf '%04x' $((RANDOM % 65536)))
work="$(mktemp -d "${TMPDIR:-/tmp}/jsos-netbench-XXXXXX")"
ovs="$work/ovs"; mkdir -p "$ovs"
lbr="jlb$sfx"; obr="jso$sfx"; peers="jop$sfx"
cleanup() {
  set +e
  ovs-vsctl --db="unix:$ovs/db.sock" --timeout=5 del-br "$obr" >/dev/null 2>&1
  for f in ovs-vswitchd.pid ovsdb-server.pid; do [ -f "$ovs/$f" ] && kill "$(cat "$ovs/$f")" 2>/dev/null; done
  for i in $(seq 1 "$nns"); do ip netns del "jsn$sfx-$i" 2>/dev/null; done
  for v in a b c d; do ip link del "jo$v$sfx" 2>/dev/null; done
  ip netns del "$peers" 2>/dev/null; ip link del "$lbr" 2>/dev/null; ip link del "$obr" 2>/dev/null; ip link del "joi$sfx" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

progress "setup: $nns namespaces on bridge $lbr, OVS bridge $obr with $flows flows"
ip link add "$lbr" type bridge stp_state 1 forward_delay 400
ip link set "$lbr" up
for i in $(seq 1 "$nns"); do
  ns="jsn$sfx-$i"; ip netns add "$ns"
  ip link add "jv$sfx$i" type veth peer name eth0 netns "$ns"
  ip link set "jv$sfx$i" master "$lbr"; ip link set "jv$sfx$i" up
  ip -n "$ns" link set eth0 up; ip -n "$ns" addr add "10.99.$((i / 250)).$((i % 250 + 1))/16" dev eth0
done
export OVS_RUNDIR="$ovs" OVS_DBDIR="$ovs" OVS_LOGDIR="$ovs" OVS_SYSCONFDIR="$ovs"
ovsdb-tool create "$ovs/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server "$ovs/conf.db" --remote="punix:$ovs/db.sock" --pidfile="$ovs/ovsdb-server.pid" --log-file="$ovs/ovsdb-server.log" --detach --no-chdir
ovs-vsctl --no-wait init
ovs-vswitchd "unix:$ovs/db.sock" --pidfile="$ovs/ovs-vswitchd.pid" --log-file="$ovs/ovs-vswitchd.log" --detach --no-chdir
ip netns add "$peers"
for v in a b c d; do ip link add "jo$v$sfx" type veth peer name "jo$v${sfx}p" netns "$peers"; ip link set "jo$v$sfx" up; done
vs() { ovs-vsctl --timeout=10 "$@"; }
vs add-br "$obr" -- set bridge "$obr" datapath_type=netdev
vs add-port "$obr" "joa$sfx" tag=10
vs add-port "$obr" "job$sfx" trunks=10,20 vlan_mode=trunk
vs add-port "$obr" "joi$sfx" tag=20 -- set interface "joi$sfx" type=internal
vs add-bond "$obr" "jbond$sfx" "joc$sfx" "jod$sfx" bond_mode=balance-slb lacp=off
vs set bridge "$obr" stp_enable=true protocols=OpenFlow10,OpenFlow13
python3 - "$flows" >"$work/flows.txt" <<'PY'
import sys
n = int(sys.argv[1])
for i in range(n):
    print(f"table={i % 2},priority={100 + i},tcp,tp_dst={1 + i % 60000},actions=" + ("resubmit(,1)" if i % 2 == 0 else "NORMAL"))
PY
ovs-ofctl -O OpenFlow13 add-flows "$obr" "$work/flows.txt"

JSOS="$here/bin/jsos"
"$JSOS" version >/dev/null   # build once, outside the timed runs
run_jsos() { # outdir
  JSOS_SKIP_BUILD=1 /usr/bin/time -f '%e %U %S %M' -o "$1/time" "$JSOS" collect --only interfaces,bridge,openvswitch \
    -o "openvswitch.rundir=$ovs" -o "openvswitch.db=$ovs/conf.db" -o "openvswitch.logdir=$ovs" \
    --no-progress --out "$1" >"$1/stdout" 2>"$1/stderr"
  archive="$(tail -1 "$1/stdout")"
  # per-collector durations from the bundle's manifest, for the breakdown line
  tar --zstd -xOf "$archive" --wildcards '*manifest.json' 2>/dev/null | python3 -c '
import json, sys
m = json.load(sys.stdin)
print(" ".join("%s=%s" % (c["name"], c["durationMs"]) for c in m["collectors"] if c["status"] != "skipped"))' >>"$work/jsos-collectors.txt" || true
  stat -c %s "$archive"
}
run_sos() { # outdir
  /usr/bin/time -f '%e %U %S %M' -o "$1/time" sos report --batch -o networking,openvswitch --tmp-dir "$1" >"$1/stdout" 2>"$1/stderr"
  stat -c %s "$(ls "$1"/sosreport-*.tar.* | grep -v -e '\.md5$' -e '\.sha256$' | head -1)"
}
declare -A res
for i in $(seq 0 "$runs"); do
  for tool in jsos sos; do
    d="$work/run-$tool-$i"; mkdir -p "$d"
    size=$("run_$tool" "$d")
    [ "$i" = 0 ] && { progress "warm-up $tool done"; rm -rf "$d"; continue; }
    read -r wall usr sys rss <"$d/time"
    res[$tool]+="$wall $(echo "$usr + $sys" | bc) $rss $size"$'\n'
    progress "run $i $tool: ${wall}s"
    rm -rf "$d"
  done
done
python3 - "$runs" "$nns" "$flows" "sosreport $(dpkg-query -W -f '${Version}' sosreport 2>/dev/null)" <<PY
import statistics, sys
runs, nns, flows, sosv = sys.argv[1:5]
data = {"jsos": """${res[jsos]}""", "sos": """${res[sos]}"""}
med = {}
for t, text in data.items():
    rows = [list(map(float, l.split())) for l in text.strip().splitlines()]
    med[t] = [statistics.median(c) for c in zip(*rows)]
print(f"setup: {nns} named namespaces on a Linux bridge (STP), OVS netdev bridge with 4 ports incl. a bond, {flows} flows; {runs} counted runs each; {sosv}")
print()
print("| tool | command | wall s (median) | CPU s (median) | peak RSS MiB | archive KiB |")
print("|---|---|---|---|---|---|")
cmd = {"jsos": "jsos collect --only interfaces,bridge,openvswitch", "sos": "sos report -o networking,openvswitch"}
for t in ("jsos", "sos"):
    w, c, r, s = med[t]
    print(f"| {t} | \`{cmd[t]}\` | {w:.2f} | {c:.2f} | {r / 1024:.0f} | {s / 1024:.0f} |")
print()
j, s = med["jsos"], med["sos"]
print(f"sos/jsos: wall {s[0] / j[0]:.1f}x, CPU {s[1] / j[1]:.1f}x, RSS {s[2] / j[2]:.1f}x")
PY
if [ -s "$work/jsos-collectors.txt" ]; then
  # the warm-up's line is the first; the counted runs follow
  echo; echo "jsos per collector, ms (median of the counted runs; they run concurrently):"
  tail -n +2 "$work/jsos-collectors.txt" | python3 -c '
import statistics, sys
runs = [dict(kv.split("=") for kv in l.split()) for l in sys.stdin if l.strip()]
print("  " + ", ".join(f"{k} {statistics.median(int(r[k]) for r in runs if k in r):.0f}" for k in runs[0]))'
fi
