#!/usr/bin/env bash
# jsos serve vs Debian's prometheus-node-exporter, side by side on this machine.
#
#   bench/compare-node-exporter.sh [--scrapes N] [--warmup N] [--image TAR]   (defaults 200, 100)
#
# Starts both exporters on 127.0.0.1 (free ports), warms each up with --warmup scrapes (an
# exporter runs for days: what counts is its steady state, after the JVM has compiled the scrape
# path, which takes it about 50 scrapes; --warmup 10 shows the first minutes), then scrapes
# them N times each, alternating (jsos, node, jsos, node, ...) so drift in the machine's load
# hits both alike. Prints per exporter: series per scrape, scrape latency median and p99 (curl's
# time_total), RSS right after start and after the scrapes, and CPU time per scrape (utime+stime
# of the exporter process from /proc/PID/stat, over the N scrapes); then the ratios jsos/node.
#
# Two node_exporter configurations are measured:
#   node-same     --collector.disable-defaults + loadavg, meminfo, processes: the kinds of
#                 series jsos's system and processes collectors give (the fair latency match)
#   node-default  node_exporter's default collectors (many more series)
# jsos runs with --cache-ttl 0 (every scrape reads the node, like node_exporter), twice:
#   jsos-same     --collectors system,processes: the same kinds of series as node-same
#   jsos          its default collectors (system, processes, cgroups, and whatever else applies)
# and the ratios pair jsos-same with node-same, jsos with node-default. A fifth row, jsos-nofind,
# is jsos's defaults with --findings-interval 0: what the findings rules (run once a minute in the
# background, node_exporter has nothing like them) add to RSS and CPU.
# --image deploy/target/jsos-image.tar adds a row jsos-image: jsos's defaults run by the image's
# own Java runtime (jlink'ed, with its class-data archive) and JVM flags (JDK_JAVA_OPTIONS), i.e.
# what the DaemonSet runs, unpacked from the tarball (the host's glibc, no container).
# Needs: curl, python3, prometheus-node-exporter (apt-get install prometheus-node-exporter).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
scrapes=200
warmup=100
image=
while [ $# -gt 0 ]; do
  case "$1" in
    --scrapes) scrapes="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --image) image="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ "$scrapes" -ge 1 ] && [ "$scrapes" -le 100000 ] || { echo "--scrapes must be 1..100000" >&2; exit 2; }
[ "$warmup" -ge 0 ] && [ "$warmup" -le 100000 ] || { echo "--warmup must be 0..100000" >&2; exit 2; }
for p in curl python3 prometheus-node-exporter; do
  command -v "$p" >/dev/null || { echo "missing $p (apt-get install ${p/python3/python3})" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/jsos-bench-XXXXXX")"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{ i = index($0, ") "); split(substr($0, i + 2), f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }
await_up() { # url pid
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "exporter $2 died" >&2; return 1; }
    sleep 0.1
  done
  echo "exporter at $1 did not answer in 60 s" >&2; return 1
}

# Build once (stderr), so the timed part never includes it.
"$here/bin/jsos" version >/dev/null

declare -A url pid rss0
start() { # name argv...
  local name="$1"; shift
  "$@" >"$work/$name.log" 2>&1 &
  pid[$name]=$!; pids+=("${pid[$name]}")
}
p1=$(free_port); start jsos env JSOS_SKIP_BUILD=1 "$here/bin/jsos" serve --listen "127.0.0.1:$p1" --cache-ttl 0
url[jsos]="http://127.0.0.1:$p1/metrics"
p4=$(free_port); start jsos-same env JSOS_SKIP_BUILD=1 "$here/bin/jsos" serve --listen "127.0.0.1:$p4" --cache-ttl 0 \
  --collectors system,processes
url[jsos-same]="http://127.0.0.1:$p4/metrics"
p5=$(free_port); start jsos-nofind env JSOS_SKIP_BUILD=1 "$here/bin/jsos" serve --listen "127.0.0.1:$p5" --cache-ttl 0 \
  --findings-interval 0
url[jsos-nofind]="http://127.0.0.1:$p5/metrics"
p2=$(free_port); start node-same prometheus-node-exporter --web.listen-address="127.0.0.1:$p2" \
  --collector.disable-defaults --collector.loadavg --collector.meminfo --collector.processes
url[node-same]="http://127.0.0.1:$p2/metrics"
p3=$(free_port); start node-default prometheus-node-exporter --web.listen-address="127.0.0.1:$p3"
url[node-default]="http://127.0.0.1:$p3/metrics"
names=(jsos-same node-same jsos node-default jsos-nofind)
if [ -n "$image" ]; then
  [ -f "$image" ] || { echo "no image tarball at $image (mvn -pl deploy -am package)" >&2; exit 2; }
  # The image's /opt/java (every layer, in order) and its JDK_JAVA_OPTIONS.
  image_opts="$(python3 - "$image" "$work/image" <<'PY'
import io, json, sys, tarfile
tar, out = tarfile.open(sys.argv[1]), sys.argv[2]
blob = lambda d: tar.extractfile("blobs/sha256/" + d.split(":", 1)[1]).read()
index = json.load(tar.extractfile("index.json"))
manifest = json.loads(blob(index["manifests"][0]["digest"]))
config = json.loads(blob(manifest["config"]["digest"]))
for layer in manifest["layers"]:
    with tarfile.open(fileobj=io.BytesIO(blob(layer["digest"])), mode="r:gz") as t:
        t.extractall(out, members=[m for m in t.getmembers() if m.name.startswith("opt/java/")])
print(next(e.split("=", 1)[1] for e in config["config"]["Env"] if e.startswith("JDK_JAVA_OPTIONS=")))
PY
)"
  p6=$(free_port); start jsos-image env JSOS_SKIP_BUILD=1 JSOS_CDS=0 JAVA="$work/image/opt/java/bin/java" JSOS_JAVA_OPTS="$image_opts" \
    "$here/bin/jsos" serve --listen "127.0.0.1:$p6" --cache-ttl 0
  url[jsos-image]="http://127.0.0.1:$p6/metrics"
  names+=(jsos-image)
fi

for n in "${names[@]}"; do
  await_up "${url[$n]}" "${pid[$n]}"
  rss0[$n]=$(rss_kib "${pid[$n]}")
done
for n in "${names[@]}"; do
  for _ in $(seq 1 "$warmup"); do curl -fsS -o /dev/null "${url[$n]}"; done
  curl -fsS "${url[$n]}" | grep -vc '^#' > "$work/$n.series"
  cpu_ticks "${pid[$n]}" > "$work/$n.cpu0"
done
for _ in $(seq 1 "$scrapes"); do
  for n in "${names[@]}"; do
    curl -fsS -o /dev/null -w '%{time_total}\n' "${url[$n]}" >> "$work/$n.lat"
  done
done
for n in "${names[@]}"; do
  cpu_ticks "${pid[$n]}" > "$work/$n.cpu1"
  rss_kib "${pid[$n]}" > "$work/$n.rss1"
  echo "${rss0[$n]}" > "$work/$n.rss0"
done

python3 - "$work" "$scrapes" "$warmup" "$(getconf CLK_TCK)" "${names[@]}" <<'PY'
import sys, statistics
work, n, warm, hz, names = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
def rd(name, ext): return open(f"{work}/{name}.{ext}").read().split()
rows = {}
for name in names:
    lat = sorted(float(x) * 1000 for x in rd(name, "lat"))
    p99 = lat[min(len(lat) - 1, round(0.99 * (len(lat) - 1)))]
    cpu = (int(rd(name, "cpu1")[0]) - int(rd(name, "cpu0")[0])) / hz / n * 1000
    rows[name] = dict(series=int(rd(name, "series")[0]), med=statistics.median(lat), p99=p99,
                      rss0=int(rd(name, "rss0")[0]) / 1024, rss1=int(rd(name, "rss1")[0]) / 1024, cpu=cpu)
print(f"jsos serve vs prometheus-node-exporter: {n} scrapes each after {warm} warm-up scrapes, alternating, 127.0.0.1")
print(f"{'exporter':<14}{'series':>8}{'median ms':>11}{'p99 ms':>9}{'RSS start MiB':>15}{'RSS end MiB':>13}{'CPU ms/scrape':>15}")
for name, r in rows.items():
    print(f"{name:<14}{r['series']:>8}{r['med']:>11.2f}{r['p99']:>9.2f}{r['rss0']:>15.1f}{r['rss1']:>13.1f}{r['cpu']:>15.2f}")
ratio = lambda a, b: f"{a / b:.2f}" if b else "n/a"
for mine, other in (("jsos-same", "node-same"), ("jsos", "node-default")):
    j, o = rows[mine], rows[other]
    print(f"ratio {mine}/{other}: latency median {ratio(j['med'], o['med'])}, p99 {ratio(j['p99'], o['p99'])}, "
          f"RSS end {ratio(j['rss1'], o['rss1'])}, CPU/scrape {ratio(j['cpu'], o['cpu'])}, series {ratio(j['series'], o['series'])}")
same, full = rows["jsos-same"], rows["jsos"]
ok_lat = same["med"] <= rows["node-same"]["med"]
ok_rss = full["rss1"] <= 64
print(f"goal: jsos median latency <= node_exporter's (same series kinds): {'yes' if ok_lat else 'NO'}; "
      f"jsos RSS <= 64 MiB (defaults): {'yes' if ok_rss else 'NO'} ({full['rss1']:.1f} MiB; "
      f"{rows['jsos-nofind']['rss1']:.1f} MiB without the findings run"
      + (f"; {rows['jsos-image']['rss1']:.1f} MiB in the image's runtime" if "jsos-image" in rows else "") + ")")
PY
