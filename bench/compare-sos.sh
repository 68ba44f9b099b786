#!/usr/bin/env bash
# compare-sos.sh - benchmark `jsos collect` against Debian's sosreport on this machine.
#
# Runs both tools alternately (jsos, sos, jsos, sos, ...) so that drift in machine load
# hits both sides equally, measures every run with GNU time, and prints a table of
# median/min wall time, median CPU (user+sys), median peak RSS and archive size, the
# ratios sos/jsos and a check against the project's performance goals.
#
# See bench/README.md for how to read the output and the caveats.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/compare-sos.sh [--runs N] [--scenario a|b|all] [--keep] [--help]

Benchmarks `bin/jsos collect` against `sos report` (Debian package sosreport),
alternating runs, after one uncounted warm-up run per side and scenario.

Scenarios:
  a   bin/jsos collect --only system,processes --out DIR
        vs  sos report --batch -o process,kernel --tmp-dir DIR
  b   bin/jsos collect --out DIR
        vs  sos report --batch --tmp-dir DIR
  all both (default)

Options:
  --runs N         counted runs per side per scenario (default 5)
  --scenario S     a, b or all (default all)
  --keep           keep every run's output (archives, stdout/stderr, time files)
                   and print where they are; by default they are deleted after each run
  -h, --help       show this help

Environment:
  JSOS=PATH        jsos launcher to benchmark (default: <repo>/bin/jsos)
  SOS=PATH         sos command (default: sos)
  TMPDIR           where the scratch directory is created (default /tmp)

Must run as root (sos needs it). Missing sosreport / GNU time are installed with
apt-get when running as root; otherwise the script exits with status 2.
The report goes to stdout, progress to stderr.
EOF
}

die() { echo "compare-sos: $*" >&2; exit 1; }
progress() { echo "compare-sos: $*" >&2; }

# --- locate the repo from the script's own path -------------------------------------
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
JSOS=${JSOS:-$REPO/bin/jsos}
SOS=${SOS:-sos}
GNU_TIME=/usr/bin/time

# --- options --------------------------------------------------------------------------
RUNS=5
SCENARIO=all
KEEP=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --runs)       [[ $# -ge 2 ]] || die "--runs needs a value"; RUNS=$2; shift 2 ;;
        --runs=*)     RUNS=${1#*=}; shift ;;
        --scenario)   [[ $# -ge 2 ]] || die "--scenario needs a value"; SCENARIO=$2; shift 2 ;;
        --scenario=*) SCENARIO=${1#*=}; shift ;;
        --keep)       KEEP=1; shift ;;
        -h|--help)    usage; exit 0 ;;
        *)            echo "compare-sos: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "compare-sos: --runs must be a positive integer" >&2; exit 2; }
case $SCENARIO in
    a) SCENARIOS=(a) ;;
    b) SCENARIOS=(b) ;;
    all) SCENARIOS=(a b) ;;
    *) echo "compare-sos: --scenario must be a, b or all" >&2; exit 2 ;;
esac

# --- prerequisites --------------------------------------------------------------------
is_root() { [[ $(id -u) -eq 0 ]]; }
have_sos() { command -v "$SOS" >/dev/null 2>&1; }
have_gnu_time() { [[ -x $GNU_TIME ]] && "$GNU_TIME" -f '%e' -o /dev/null true >/dev/null 2>&1; }

install_pkgs() {
    local log rc
    log=$(mktemp)
    rc=0
    apt-get -o DPkg::Lock::Timeout=600 install -y "$@" >"$log" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]] && grep -Eq 'Unable to locate package|has no installation candidate|no installation candidate|Failed to fetch' "$log"; then
        progress "apt-get install failed for lack of package lists; running apt-get update"
        apt-get -o DPkg::Lock::Timeout=600 update >>"$log" 2>&1 || true
        rc=0
        apt-get -o DPkg::Lock::Timeout=600 install -y "$@" >>"$log" 2>&1 || rc=$?
    fi
    if [[ $rc -ne 0 ]]; then
        tail -n 20 "$log" >&2
        rm -f "$log"
        die "could not install: $*"
    fi
    rm -f "$log"
}

missing=()
have_sos || missing+=(sosreport)
have_gnu_time || missing+=(time)
if [[ ${#missing[@]} -gt 0 ]]; then
    if is_root; then
        progress "installing ${missing[*]}"
        install_pkgs "${missing[@]}"
    else
        echo "compare-sos: missing ${missing[*]}; run as root to install them (apt-get install sosreport time)" >&2
        exit 2
    fi
fi
have_sos || die "sos not found after install (SOS=$SOS)"
have_gnu_time || die "GNU time not usable at $GNU_TIME"
if ! is_root; then
    echo "compare-sos: must run as root (sos report requires it)" >&2
    exit 2
fi
[[ -x $JSOS ]] || die "jsos launcher not found or not executable: $JSOS"

# --- scratch space --------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jsos-bench.XXXXXX")
cleanup() {
    if [[ $KEEP -eq 0 ]]; then
        rm -rf -- "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build jsos once (bin/jsos builds its jar on first use) ---------------------------
progress "building/checking jsos: $JSOS version"
JSOS_VERSION=$(cd "$WORK" && "$JSOS" version 2>"$WORK/jsos-version.err" </dev/null) || {
    tail -n 30 "$WORK/jsos-version.err" >&2
    die "'$JSOS version' failed"
}
JSOS_VERSION=$(printf '%s\n' "$JSOS_VERSION" | sed '/^[[:space:]]*$/d' | paste -sd ';' - | sed 's/;/; /g')
# bin/jsos rebuilds its jar when a source file is newer than the jar; others may be editing
# the sources while this runs, and a build must never land inside a timed run. The jar
# built (or found) just now is the one measured.
export JSOS_SKIP_BUILD=1
JAR="$REPO/agent/target/jsos.jar"   # the jar bin/jsos runs; only relevant for the repo's launcher
[[ $JSOS -ef $REPO/bin/jsos ]] || JAR=/nonexistent
jar_stamp() { [[ -f $JAR ]] && stat -c '%Y %s' "$JAR" || echo none; }
JAR_STAMP=$(jar_stamp)

# --- machine --------------------------------------------------------------------------
sos_version() {
    local v=""
    v=$(dpkg-query -W -f '${Version}' sosreport 2>/dev/null || true)
    if [[ -z $v ]]; then
        v=$(grep -rhm1 '^__version__' /usr/lib/python3/dist-packages/sos/__init__.py 2>/dev/null \
            | sed -E 's/.*"(.*)".*/\1/' || true)
    fi
    echo "${v:-unknown}"
}
os_name() {
    if [[ -r /etc/os-release ]]; then
        (. /etc/os-release && echo "${PRETTY_NAME:-$NAME}")
    else
        uname -s
    fi
}
java_version() {
    if command -v java >/dev/null 2>&1; then
        java -version 2>&1 | head -n 1
    else
        echo "java not on PATH"
    fi
}
repo_rev() {
    git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no commit"
}

echo "== jsos vs sosreport benchmark =="
echo "date         $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "host         $(hostname)"
echo "os           $(os_name)"
echo "kernel       $(uname -r) ($(uname -m))"
echo "nproc        $(nproc)"
echo "load avg     $(cut -d' ' -f1-3 /proc/loadavg) (at start; other work on the machine disturbs both sides)"
echo "memory       $(awk '/^MemTotal:/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "sos          $(sos_version) ($(command -v "$SOS"))"
echo "java         $(java_version)"
echo "jsos         ${JSOS_VERSION:-?} ($JSOS, repo rev $(repo_rev))"
[[ -f $JAR ]] && echo "jsos jar     $JAR ($(stat -c %s "$JAR") bytes, built $(date -u -d "@$(stat -c %Y "$JAR")" +%Y-%m-%dT%H:%M:%SZ))"
echo "runs         $RUNS counted per side per scenario, alternating jsos/sos, 1 warm-up per side first"
echo "measured by  GNU time -f '%e %U %S %M' (wall s, user s, sys s, max RSS KiB)"
echo

# --- commands -------------------------------------------------------------------------
# cmd_for TOOL SCENARIO OUTDIR -> fills array CMD
cmd_for() {
    local tool=$1 scen=$2 out=$3
    case "$tool/$scen" in
        jsos/a) CMD=("$JSOS" collect --only system,processes --out "$out") ;;
        jsos/b) CMD=("$JSOS" collect --out "$out") ;;
        sos/a)  CMD=("$SOS" report --batch -o process,kernel --tmp-dir "$out") ;;
        sos/b)  CMD=("$SOS" report --batch --tmp-dir "$out") ;;
        *) die "internal: bad tool/scenario $tool/$scen" ;;
    esac
}

# find_archive TOOL RUNDIR OUTDIR -> prints archive path
find_archive() {
    local tool=$1 rundir=$2 out=$3 path
    if [[ $tool == jsos ]]; then
        # the bundle's path is the last (non-empty) line on stdout
        path=$(sed '/^[[:space:]]*$/d' "$rundir/stdout" | tail -n 1 | sed 's/[[:space:]]*$//')
        [[ -n $path ]] || return 1
        [[ $path == /* ]] || path="$rundir/cwd/$path"
        [[ -f $path ]] || return 1
        echo "$path"
    else
        path=$(find "$out" -maxdepth 1 -type f -name 'sosreport-*.tar.*' \
                   ! -name '*.sha256' ! -name '*.md5' ! -name '*.asc' ! -name '*.gpg' | head -n 1)
        [[ -n $path && -f $path ]] || return 1
        echo "$path"
    fi
}

# run_one TOOL SCENARIO LABEL COUNTED
# appends "wall user sys maxrss_kib size_bytes" to $WORK/results.<scen>.<tool> if COUNTED=1
run_one() {
    local tool=$1 scen=$2 label=$3 counted=$4
    local rundir="$WORK/$scen/$tool-$label"
    local out="$rundir/out"
    mkdir -p "$out" "$rundir/cwd"
    cmd_for "$tool" "$scen" "$out"
    printf '%s\n' "${CMD[*]}" >"$rundir/cmd"
    local rc=0
    (cd "$rundir/cwd" && "$GNU_TIME" -f '%e %U %S %M' -o "$rundir/time" "${CMD[@]}" \
        </dev/null >"$rundir/stdout" 2>"$rundir/stderr") || rc=$?
    if [[ $rc -eq 1 && $tool == jsos ]]; then
        # jsos exit 1: bundle written, but some collectors failed or timed out. The run is
        # still timed and counted; the report says how many runs were partial.
        progress "[$scen] jsos run $label exited 1 (bundle written, some collectors failed): $(tail -n 3 "$rundir/stderr" | tr '\n' ' ')"
        if [[ $counted -eq 1 ]]; then
            echo "$label" >>"$WORK/partial.$scen.jsos"
        fi
        rc=0
    fi
    if [[ $rc -ne 0 ]]; then
        echo "compare-sos: [$scen] $tool run $label exited $rc: ${CMD[*]}" >&2
        echo "--- stderr (last 20 lines) ---" >&2
        tail -n 20 "$rundir/stderr" >&2 || true
        echo "--- stdout (last 10 lines) ---" >&2
        tail -n 10 "$rundir/stdout" >&2 || true
        KEEP=1
        die "aborting; outputs kept in $WORK"
    fi
    local archive size
    archive=$(find_archive "$tool" "$rundir" "$out") || {
        KEEP=1
        die "[$scen] $tool run $label: archive not found (outputs kept in $rundir)"
    }
    size=$(stat -c %s "$archive")
    # GNU time writes "Command exited with non-zero status N" before the numbers on
    # failure; the numbers are always the last line.
    local wall user sys rss
    read -r wall user sys rss < <(tail -n 1 "$rundir/time")
    [[ -n ${rss:-} ]] || die "could not parse GNU time output: $(cat "$rundir/time")"
    progress "[$scen] $(printf '%-4s' "$tool") ${label}: wall ${wall}s cpu $(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')s rss $(awk -v k="$rss" 'BEGIN{printf "%.1f", k/1024}')MiB size $size B"
    if [[ $counted -eq 1 ]]; then
        echo "$wall $user $sys $rss $size" >>"$WORK/results.$scen.$tool"
    fi
    if [[ $KEEP -eq 0 ]]; then
        rm -rf -- "$rundir"
    fi
}

# --- stats ----------------------------------------------------------------------------
# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) {print "nan"; exit} if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
minimum() { sort -g | head -n 1; }
maximum() { sort -g | tail -n 1; }

# stat_col SCEN TOOL EXPR FUNC ; EXPR is an awk expression over $1..$5
stat_col() {
    awk "{print $3}" "$WORK/results.$1.$2" | $4
}

human_size() {
    awk -v b="$1" 'BEGIN{
        if (b >= 1048576) printf "%.2f MiB", b/1048576;
        else if (b >= 1024) printf "%.0f KiB", b/1024;
        else printf "%d B", b }'
}

# --- run ------------------------------------------------------------------------------
for scen in "${SCENARIOS[@]}"; do
    progress "scenario $scen: warm-up (not counted)"
    run_one jsos "$scen" warmup 0
    run_one sos "$scen" warmup 0
    for ((i = 1; i <= RUNS; i++)); do
        run_one jsos "$scen" "$i" 1
        run_one sos "$scen" "$i" 1
    done
done

# --- report ---------------------------------------------------------------------------
describe() {
    case $1 in
        a) echo "a = jsos collect --only system,processes  vs  sos report --batch -o process,kernel" ;;
        b) echo "b = jsos collect (default)                vs  sos report --batch (default plugins)" ;;
    esac
}

echo "== results (medians over $RUNS runs; cpu = user+sys incl. child processes; rss = peak RSS of the largest single process) =="
for scen in "${SCENARIOS[@]}"; do describe "$scen"; done
echo
printf '%-9s %-5s %9s %9s %9s %12s %12s %12s\n' scenario tool wall_med wall_min cpu_med rss_med rss_max size
GOAL_LINES=()
declare -A WALL CPU RSS RSSMAX
for scen in "${SCENARIOS[@]}"; do
    for tool in jsos sos; do
        wall_med=$(stat_col "$scen" "$tool" '$1' median)
        wall_min=$(stat_col "$scen" "$tool" '$1' minimum)
        cpu_med=$(stat_col "$scen" "$tool" '$2+$3' median)
        rss_med=$(stat_col "$scen" "$tool" '$4/1024' median)
        rss_max=$(stat_col "$scen" "$tool" '$4/1024' maximum)
        size_med=$(stat_col "$scen" "$tool" '$5' median)
        WALL[$scen.$tool]=$wall_med
        CPU[$scen.$tool]=$cpu_med
        RSS[$scen.$tool]=$rss_med
        RSSMAX[$scen.$tool]=$rss_max
        printf '%-9s %-5s %8.2fs %8.2fs %8.2fs %8.1f MiB %8.1f MiB %12s\n' \
            "$scen" "$tool" "$wall_med" "$wall_min" "$cpu_med" "$rss_med" "$rss_max" "$(human_size "$size_med")"
    done
done
echo

ratio() { awk -v s="$1" -v j="$2" 'BEGIN{ if (j > 0) printf "%.1fx", s/j; else print "n/a" }'; }
for scen in "${SCENARIOS[@]}"; do
    printf 'scenario %s ratio sos/jsos: wall %s  cpu %s  rss %s\n' "$scen" \
        "$(ratio "${WALL[$scen.sos]}" "${WALL[$scen.jsos]}")" \
        "$(ratio "${CPU[$scen.sos]}" "${CPU[$scen.jsos]}")" \
        "$(ratio "${RSS[$scen.sos]}" "${RSS[$scen.jsos]}")"
done
echo

# goals from the issue
verdict() { if awk "BEGIN{exit !($1)}"; then echo PASS; else echo FAIL; fi; }
echo "== goals (from the issue) =="
for scen in "${SCENARIOS[@]}"; do
    r=$(awk -v s="${WALL[$scen.sos]}" -v j="${WALL[$scen.jsos]}" 'BEGIN{ if (j > 0) printf "%.2f", s/j; else print 0 }')
    printf '%-4s  jsos >= 5x faster than sos (scenario %s, median wall): %sx\n' \
        "$(verdict "$r >= 5")" "$scen" "$r"
done
if [[ -n ${WALL[b.jsos]:-} ]]; then
    printf '%-4s  default jsos collect <= 2 s wall (scenario b, median): %.2fs\n' \
        "$(verdict "${WALL[b.jsos]} <= 2")" "${WALL[b.jsos]}"
else
    echo "n/a   default jsos collect <= 2 s wall (scenario b not run)"
fi
for scen in "${SCENARIOS[@]}"; do
    printf '%-4s  jsos peak RSS <= 80 MiB (scenario %s, worst counted run): %.1f MiB (median %.1f MiB)\n' \
        "$(verdict "${RSSMAX[$scen.jsos]} <= 80")" "$scen" "${RSSMAX[$scen.jsos]}" "${RSS[$scen.jsos]}"
done

for scen in "${SCENARIOS[@]}"; do
    if [[ -s $WORK/partial.$scen.jsos ]]; then
        echo
        echo "NOTE: scenario $scen: $(wc -l <"$WORK/partial.$scen.jsos") of $RUNS counted jsos runs exited 1 (bundle written, some collectors failed or timed out)"
    fi
done
if [[ $(jar_stamp) != "$JAR_STAMP" ]]; then
    echo
    echo "WARNING: $JAR changed during the benchmark (rebuilt by someone else?); rerun for clean numbers"
fi
if [[ $KEEP -eq 1 ]]; then
    echo
    echo "outputs kept in $WORK"
fi
