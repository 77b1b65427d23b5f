#!/usr/bin/env bash
# Compares, in one run on this machine: `ldd` on each ELF file of /usr/bin, /usr/sbin and
# /usr/lib/x86_64-linux-gnu (one ldd process per file, as a CI script would do it) with gotrail
# resolving all of them in one process (one JVM: LoaderBenchmark's main, JVM start included).
# Usage: benchmarks/scripts/loader-vs-ldd.sh   (after ./mvnw -pl benchmarks -am package -DskipTests)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$here/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
for d in /usr/bin /usr/sbin /usr/lib/x86_64-linux-gnu; do
  for f in "$d"/*; do
    [ -f "$f" ] || continue
    r="$(readlink -f "$f")"
    if [ "$(head -c 4 "$r" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ]; then echo "$r"; fi
  done
done | sort -u > "$list"
n=$(wc -l < "$list")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $n ELF files"

# Short-lived JVM: C1 only and the serial collector cost less CPU than tiered C2 for a 1 s run.
java_opts=${GOTRAIL_BENCH_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
TIMEFORMAT='%R %U %S'
ldd_t=$( { time (while IFS= read -r f; do ldd "$f" > /dev/null 2>&1 || true; done < "$list") ; } 2>&1 )
got_out=$( { time java $java_opts -cp "$jar" dev.gotrail.benchmarks.LoaderBenchmark "$list" ; } 2>&1 )
got_t=$(echo "$got_out" | tail -n 1)
echo "$got_out" | head -n 1
read -r lr lu ls <<< "$ldd_t"
read -r gr gu gs <<< "$got_t"
echo "load average before/after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v lr="$lr" -v lu="$lu" -v ls="$ls" -v gr="$gr" -v gu="$gu" -v gs="$gs" 'BEGIN {
  printf "ldd, one process per file:       %7.2f s wall, %7.2f s CPU\n", lr, lu + ls
  printf "gotrail, one JVM for all files:  %7.2f s wall, %7.2f s CPU (JVM start included)\n", gr, gu + gs
  printf "speed-up: %.1fx wall, %.1fx CPU\n", lr / gr, (lu + ls) / (gu + gs)
}'
