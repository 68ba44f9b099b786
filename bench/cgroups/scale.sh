#!/bin/sh
# Scale benchmark of the cgroups collector: builds a synthetic cgroup v2 tree of a Kubernetes node
# (10 000 cgroups by default, and one of a tenth the size to show the cost is linear), then prints
# the CPU time per cgroup of the read path (the bundle's model), the metrics path (a scrape: read
# what the metrics need, then emit), the emit step alone, and the kernel's floor: floor.c making
# the same system calls as the metrics path (recorded from the Java reader) without parsing.
#
#   bench/cgroups/scale.sh                     # 1 000 and 10 000 cgroups, tree in /dev/shm
#   bench/cgroups/scale.sh --cgroups 20000 --iterations 5 --dir /tmp
#   bench/cgroups/scale.sh --exporter-jvm      # with the JVM flags `jsos serve` runs with (C1 only)
#   bench/cgroups/scale.sh --paths metrics,floor --one-size --cgroups 5000
#
# Builds the cgroups module and what it needs with the reactor (offline); nothing is installed.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
# The exporter's flags (deploy's jsos serve); the default is the JDK's tiered C1+C2.
jvm="-XX:+UseSerialGC -Xmx512m"
pass=""
for a in "$@"; do
    if [ "$a" = "--exporter-jvm" ]; then
        jvm="$jvm -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"
    else
        pass="$pass $a"
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -q -o -B -pl cgroups -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp" >/dev/null
floor=""
if command -v cc >/dev/null 2>&1; then
    cc -O2 -o "$work/floor" bench/cgroups/floor.c
    floor="--floor $work/floor"
else
    echo "# no C compiler (cc): the kernel floor row is left out; install gcc to get it" >&2
fi
echo "# JVM flags: $jvm"
# $jvm, $floor and $pass are word lists (no spaces inside a word): split on purpose.
# shellcheck disable=SC2086
java $jvm -cp "cgroups/target/classes:cgroups/target/test-classes:$(cat "$work/cp")" \
    io.jsos.cgroups.ScaleBench $floor $pass
