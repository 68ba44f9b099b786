#!/usr/bin/env bash
# compare-sos-storage.sh - time `jsos collect --only lvm,ceph,block` against Debian's sosreport
# storage plugins on a real setup this script builds and removes: an LVM VG on two loop devices
# (metadata only where the kernel has no device-mapper) and a single-node Ceph cluster on 127.0.0.1
# (the storage tests' ceph-up.sh). Also times the frozen-monitor case (ceph-mon SIGSTOPped).
#
# Usage (root): bench/compare-sos-storage.sh [--runs N] [--out FILE]
# Needs: lvm2, ceph-mon ceph-mgr ceph-osd ceph-common, sosreport, GNU time (/usr/bin/time optional).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs=3
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
for p in lvs ceph ceph-mon sos; do command -v "$p" >/dev/null || { echo "missing $p" >&2; exit 2; }; done

export LVM_SUPPRESS_FD_WARNINGS=1
W=$(mktemp -d /tmp/jsos-storage-bench.XXXXXX)
VG="jsosbench$$"
NODM="global{activation=0}"
L0=""; L1=""
cleanup() {
  set +e
  for d in mon.a mgr.x osd.0; do
    [ -f "$W/c/run/$d.pid" ] && { kill -CONT "$(cat "$W/c/run/$d.pid")"; kill "$(cat "$W/c/run/$d.pid")"; }
  done
  sleep 1
  vgremove -q -f --config "$NODM" "$VG" >/dev/null 2>&1
  for l in $L0 $L1; do pvremove -q -y --config "$NODM" "$l" >/dev/null 2>&1; losetup -d "$l"; done
  rm -f "/etc/lvm/backup/$VG" /etc/lvm/archive/"${VG}"_*   # lvm2 keeps them after vgremove
  rm -rf "$W"
}
trap cleanup EXIT

# --- the real setup ---
truncate -s 2G "$W/pv0.img"; truncate -s 1G "$W/pv1.img"
L0=$(losetup -f --show "$W/pv0.img"); L1=$(losetup -f --show "$W/pv1.img")
pvcreate -q "$L0" "$L1" && vgcreate -q "$VG" "$L0" "$L1"
for i in 0 1 2 3; do lvcreate -q --config "$NODM" -an -Zn -n "lv$i" -L 100M "$VG" >/dev/null 2>&1; done
mkdir -p "$W/c"
port=$(( 44000 + ($$ % 50) * 200 ))
C="$W/c" MONPORT=$port bash "$here/storage/src/test/resources/ceph/ceph-up.sh" >/dev/null
for i in $(seq 1 90); do
  ceph -c "$W/c/ceph.conf" --connect-timeout 5 health 2>/dev/null | grep -q HEALTH_OK && break; sleep 1
done
echo "setup: VG $VG (4 LVs on 2 loop PVs), Ceph $(ceph -c "$W/c/ceph.conf" --connect-timeout 5 health 2>/dev/null)" >&2
# sos and the ceph CLI look at /etc/ceph: point it at the test cluster for the run, then restore
had_conf=0
if [ -e /etc/ceph/ceph.conf ]; then had_conf=1; cp -a /etc/ceph/ceph.conf "$W/etc-ceph.conf.saved"; fi
mkdir -p /etc/ceph && cp "$W/c/ceph.conf" /etc/ceph/ceph.conf
trap 'if [ $had_conf = 1 ]; then cp -a "$W/etc-ceph.conf.saved" /etc/ceph/ceph.conf; else rm -f /etc/ceph/ceph.conf; fi; cleanup' EXIT

# sos plugin names differ between releases (4.0 has one "ceph" plugin, and only for RH/Ubuntu policies)
sos_plugins=""
avail=$(sos report -l 2>/dev/null || true)
for p in lvm2 ceph ceph_mon ceph_osd ceph_common block; do
  echo "$avail" | grep -qE "^ $p " && sos_plugins="${sos_plugins:+$sos_plugins,}$p"
done

jar="$here/agent/target/jsos.jar"
[ -f "$jar" ] || { echo "build first: mvn -pl agent -am package" >&2; exit 2; }
jsos=(java -XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1 -jar "$jar")
ms() { date +%s%N; }
time_run() {  # label, command...
  local label=$1; shift
  local s e
  s=$(ms); "$@" >"$W/last.out" 2>"$W/last.err" || true; e=$(ms)
  echo $(( (e - s) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

j=(); s=(); k=()
for r in $(seq 1 "$runs"); do
  rm -rf "$W/o"; mkdir -p "$W/o"
  k+=("$(time_run jsos "${jsos[@]}" collect --only lvm,block --out "$W/o")")
  rm -rf "$W/o"; mkdir -p "$W/o"
  j+=("$(time_run jsos "${jsos[@]}" collect --only lvm,ceph,block -o ceph.asok-dir="$W/c/run" --out "$W/o")")
  rm -rf "$W/s"; mkdir -p "$W/s"
  s+=("$(time_run sos sos report --batch --quiet -o "$sos_plugins" --tmp-dir "$W/s")")
done
jm=$(printf '%s\n' "${j[@]}" | median); sm=$(printf '%s\n' "${s[@]}" | median); km=$(printf '%s\n' "${k[@]}" | median)
# where jsos's time goes: one more run unpacked, each collector's and command's duration from its manifest
rm -rf "$W/o"; mkdir -p "$W/o"
"${jsos[@]}" collect --only lvm,ceph,block -o ceph.asok-dir="$W/c/run" --format dir --out "$W/o" >/dev/null 2>&1 || true
breakdown=$(python3 - "$W"/o/*/manifest.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for c in m.get("collectors", []):
    if c.get("status") == "skipped":
        continue
    cmds = ", ".join("%s %s" % (" ".join(x.get("argv", [])[1:4]) or x.get("argv", ["?"])[0], x.get("durationMs")) for x in c.get("commands", []))
    print("- %s: %s ms (%s)" % (c.get("name"), c.get("durationMs"), cmds))
PY
)

# the classic hang: the monitor frozen
kill -STOP "$(cat "$W/c/run/mon.a.pid")"
rm -rf "$W/o"; mkdir -p "$W/o"
frozen=$(time_run jsos "${jsos[@]}" collect --only ceph -o ceph.asok-dir="$W/c/run" --out "$W/o")
unreach=$(tar -xOf "$W"/o/*.tar.zst --use-compress-program=zstd --wildcards '*/jsos/ceph.json' 2>/dev/null | grep -o '"error" : "cluster unreachable[^"]*' | head -1 || true)
kill -CONT "$(cat "$W/c/run/mon.a.pid")"

report=$(cat <<R
| run ($runs each, median wall ms) | jsos collect --only lvm,ceph,block | sos report -o $sos_plugins |
|---|---|---|
| healthy cluster + LVM VG | $jm (runs: ${j[*]}) | $sm (runs: ${s[*]}) |
| same, jsos --only lvm,block (what sos covers here) | $km (runs: ${k[*]}) | |
| ceph-mon SIGSTOPped, jsos --only ceph | $frozen | (sos's ceph plugin is not available on Debian's sos $(dpkg-query -W -f='${Version}' sosreport 2>/dev/null)) |

frozen-monitor model: ${unreach:-"(not found)"}
machine load at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs

jsos per collector (ms) and its commands (argv[0] ms):
$breakdown
R
)
echo "$report"
[ -n "$out" ] && echo "$report" > "$out"
