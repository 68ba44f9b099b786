#!/bin/sh
# Scale benchmark of the cgroups collector: builds a synthetic cgroup v2 tree of a Kubernetes node
# (10 000 cgroups by default, and one of a tenth the size to show the cost is linear), then prints
# the CPU time per cgroup of the read path (the bundle's model), the metrics path (a scrape: read
# what the metrics need, then emit) and the emit step alone.
#
#   bench/cgroups/scale.sh                     # 1 000 and 10 000 cgroups, tree in /dev/shm
#   bench/cgroups/scale.sh --cgroups 20000 --iterations 5 --dir /tmp
#
# Needs the other modules installed in ~/.m2 (mvn install once); builds only the cgroups module.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
mvn -q -o -B -f cgroups/pom.xml test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -o -B -f cgroups/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
exec java -XX:+UseSerialGC -Xmx512m -cp "cgroups/target/classes:cgroups/target/test-classes:$(cat "$cp_file")" \
    io.jsos.cgroups.ScaleBench "$@"
