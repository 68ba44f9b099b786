#!/usr/bin/env bash
# compare-sos-clean.sh - `jsos clean` vs Debian's `sos clean` on the same sos-style tarball.
#
# Builds two sos-report-like tarballs (.tar.xz) from a generator with a fixed seed:
#   few       syslog, journal, ip/ps/proc output: a few hundred distinct addresses (one node)
#   distinct  connection logs where every line holds a new IPv4 and a new IPv6 address
# then cleans each with both tools, alternating (jsos, sos, jsos, sos ...), measures wall
# time with GNU time and prints MB/s (uncompressed input bytes / wall seconds) and the ratio.
# Both tools get the same input, the same host name and domain to hide, and write into
# their own scratch folder, and both write a gzip archive (sos clean -z gzip, jsos clean
# --format gz; sos 4.0 writes xz regardless). See bench/redaction.md.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/compare-sos-clean.sh [--few-mb N] [--distinct-mb N] [--runs N] [--sos-timeout S] [--keep]

  --few-mb N        size of the "few distinct addresses" corpus, MB (default 20)
  --distinct-mb N   size of the "every line a new address" corpus, MB (default 2; sos
                    slows to KB/s there, keep it small)
  --runs N          counted runs per tool and corpus (default 3)
  --sos-timeout S   give up on one sos clean run after S seconds (default 900); the
                    run is then reported as ">S s"
  --keep            keep the scratch folder

Environment: JSOS_JAR (default <repo>/agent/target/jsos.jar), SOS (default: sos),
TMPDIR. Needs root for sos clean, python3, GNU time. The report goes to stdout.
EOF
}

FEW_MB=20
DISTINCT_MB=2
RUNS=3
SOS_TIMEOUT=900
KEEP=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --few-mb) FEW_MB=$2; shift 2 ;;
        --distinct-mb) DISTINCT_MB=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --sos-timeout) SOS_TIMEOUT=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "compare-sos-clean: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
JSOS_JAR=${JSOS_JAR:-$REPO/agent/target/jsos.jar}
SOS=${SOS:-sos}
GNU_TIME=/usr/bin/time
progress() { echo "compare-sos-clean: $*" >&2; }

[[ -f $JSOS_JAR ]] || { progress "no $JSOS_JAR: build it first (mvn -pl agent -am package -Dmaven.test.skip=true)"; exit 2; }
command -v "$SOS" >/dev/null || { progress "no sos: apt-get install sosreport"; exit 2; }
[[ -x $GNU_TIME ]] || { progress "no GNU time: apt-get install time"; exit 2; }
[[ $(id -u) = 0 ]] || { progress "sos clean needs root"; exit 2; }

# `jsos clean` once jsos lists it; until then the command's own main class in the same jar.
if java -jar "$JSOS_JAR" clean --help 2>/dev/null | grep -q INPUT; then
    JSOS_CLEAN=(java -XX:+UseSerialGC -Xmx512m -jar "$JSOS_JAR" clean)
else
    JSOS_CLEAN=(java -XX:+UseSerialGC -Xmx512m -cp "$JSOS_JAR" io.jsos.agent.clean.CleanCommand)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/compare-sos-clean-XXXXXX")
cleanup() { if [[ $KEEP = 1 ]]; then progress "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

# --- the corpora ---------------------------------------------------------------------
make_corpus() { # kind size_mb -> $WORK/<kind>/sosreport-web1-....tar.xz
    local kind=$1 mb=$2
    mkdir -p "$WORK/$kind"
    python3 - "$WORK/$kind" "$kind" "$mb" <<'PY'
import os, random, sys, tarfile
out, kind, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(42)
top = "sosreport-web1-2026-11-21-abcdef"
root = os.path.join(out, top)
def w(rel, text):
    p = os.path.join(root, rel); os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f: f.write(text)
w("hostname", "web1.corp.acme.com\n")
w("sos_logs/sos.log", "2026-11-21 03:12:44,000 INFO: sos report for web1\n")  # sos 4.0's test of "an sos archive"
w("sos_reports/manifest.json", "{}\n")
w("etc/hostname", "web1.corp.acme.com\n")
w("etc/hosts", "127.0.0.1 localhost\n10.1.2.5 web1.corp.acme.com web1\n")
w("etc/resolv.conf", "search corp.acme.com\nnameserver 10.1.0.2\n")
w("etc/passwd", "root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n")
size = mb * 1024 * 1024
lines = []
n = 0
if kind == "few":
    while n < size:
        r = rnd.random()
        if r < 0.5:
            l = "Nov 21 03:12:%02d web1 sshd[%d]: Accepted publickey for alice from 10.1.%d.%d port %d ssh2\n" % (
                rnd.randrange(60), rnd.randrange(9999), rnd.randrange(3), rnd.randrange(1, 255), rnd.randrange(65535))
        elif r < 0.7:
            l = "Nov 21 03:12:44 web1 kubelet[812]: I1121 kubelet.go:2157] \"SyncLoop UPDATE\" pods=[\"kube-system/coredns-%x\"] node=\"web1.corp.acme.com\"\n" % rnd.getrandbits(32)
        elif r < 0.85:
            l = "    inet 10.1.2.%d/24 brd 10.1.2.255 scope global eth0 link/ether 52:54:00:12:34:%02x\n" % (rnd.randrange(1, 255), rnd.randrange(256))
        else:
            l = "Nov 21 03:12:45 web1 systemd[1]: Started Session %d of user alice.\n" % rnd.randrange(999)
        lines.append(l); n += len(l)
else:
    i = 0
    while n < size:
        l = "2026-11-21T03:12:44Z web1 conn[%d]: accepted from 10.%d.%d.%d:%d via 2001:db8:%x:%x::5\n" % (
            1000 + i % 9000, (i >> 16) & 255, (i >> 8) & 255, i & 255, 1024 + i % 60000, i >> 16, i & 0xffff)
        lines.append(l); n += len(l); i += 1
w("var/log/messages", "".join(lines))
with tarfile.open(os.path.join(out, top + ".tar.xz"), "w:xz", preset=1) as t:
    t.add(root, arcname=top)
print(n)
PY
}

# --- one timed run -----------------------------------------------------------------------
# prints "<wall seconds>" (or "timeout")
timed() { # outdir cmd...
    local outdir=$1; shift
    rm -rf "$outdir"; mkdir -p "$outdir"
    if timeout "$SOS_TIMEOUT" "$GNU_TIME" -f '%e' -o "$outdir.time" "$@" >"$outdir.log" 2>&1; then
        cat "$outdir.time"
    else
        echo timeout
    fi
}

printf '%-10s %8s %-6s %10s %10s\n' corpus MB tool wall_s MB/s
for kind in few distinct; do
    mb=$FEW_MB; [[ $kind = distinct ]] && mb=$DISTINCT_MB
    progress "generating the '$kind' corpus ($mb MB)"
    bytes=$(make_corpus "$kind" "$mb" | tail -1)
    tarball=$(ls "$WORK/$kind"/*.tar.xz)
    total=$(du -sb "$WORK/$kind/sosreport-web1-2026-11-21-abcdef" | cut -f1)
    rm -rf "$WORK/$kind/sosreport-web1-2026-11-21-abcdef"
    declare -a jt=() st=()
    for ((r = 0; r <= RUNS; r++)); do   # run 0 is a warm-up, not counted
        progress "$kind run $r: jsos clean"
        j=$(timed "$WORK/$kind/jsos-$r" "${JSOS_CLEAN[@]}" "$tarball" --out "$WORK/$kind/jsos-$r" --format gz)
        progress "$kind run $r: sos clean"
        s=$(timed "$WORK/$kind/sos-$r" "$SOS" clean --batch -z gzip --tmp-dir "$WORK/$kind/sos-$r" --domains corp.acme.com "$tarball")
        if [[ $r -gt 0 ]]; then jt+=("$j"); st+=("$s"); fi
        [[ $KEEP = 1 ]] || rm -rf "$WORK/$kind/jsos-$r" "$WORK/$kind/sos-$r"
    done
    median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (a[int((NR+1)/2)])}'; }
    jm=$(median "${jt[@]}"); sm=$(median "${st[@]}")
    jr=$(awk -v b="$total" -v s="$jm" 'BEGIN {printf "%.1f", b/1e6/s}')
    if [[ $sm = timeout ]]; then sr="<$(awk -v b="$total" -v s="$SOS_TIMEOUT" 'BEGIN {printf "%.3f", b/1e6/s}')"; sm=">$SOS_TIMEOUT"
    else sr=$(awk -v b="$total" -v s="$sm" 'BEGIN {printf "%.2f", b/1e6/s}'); fi
    printf '%-10s %8.1f %-6s %10s %10s\n' "$kind" "$(awk -v b="$total" 'BEGIN {print b/1e6}')" jsos "$jm" "$jr"
    printf '%-10s %8.1f %-6s %10s %10s\n' "$kind" "$(awk -v b="$total" 'BEGIN {print b/1e6}')" sos "$sm" "$sr"
    if [[ $sm != ">"* ]]; then
        printf '%-10s ratio sos/jsos wall time: %.1fx\n' "$kind" "$(awk -v a="$sm" -v b="$jm" 'BEGIN {print a/b}')"
    else
        printf '%-10s ratio sos/jsos wall time: more than %.0fx\n' "$kind" "$(awk -v a="$SOS_TIMEOUT" -v b="$jm" 'BEGIN {print a/b}')"
    fi
    unset jt st
done
echo "(wall time includes JVM or Python start, xz decompression of the input and gzip of the output; MB = uncompressed input)"
