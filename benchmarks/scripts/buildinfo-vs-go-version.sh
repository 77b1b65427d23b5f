#!/usr/bin/env bash
# Compares, in one run on this machine: `go version -m` over every Go binary of this machine
# (each /usr/lib/go-*/bin/* and pkg/tool/*/*, one go process for all files) with gotrail reading
# the same files' build information in one JVM (BuildInfoBenchmark's main, JVM start included).
# Usage: benchmarks/scripts/buildinfo-vs-go-version.sh   (after ./mvnw -q -pl benchmarks -am package -DskipTests)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${GOTRAIL_BENCH_CP:-$here/benchmarks/target/benchmarks.jar}"
[ -n "${GOTRAIL_BENCH_CP:-}" ] || [ -f "$jar" ] || { echo "build first: ./mvnw -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
go="${GOTRAIL_BENCH_GO:-$(ls -d /usr/lib/go-*/bin/go | sort -V | tail -n 1)}"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
ls -d /usr/lib/go-*/bin/* /usr/lib/go-*/pkg/tool/*/* | sort > "$list"
n=$(wc -l < "$list")
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $n Go binaries; oracle $go"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java_opts=${GOTRAIL_BENCH_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
TIMEFORMAT='%R %U %S'
runs=${GOTRAIL_BENCH_RUNS:-5}
go_best=""; got_best=""
for i in $(seq "$runs"); do
  # Alternate the two so that load changes hit both alike; keep each one's best wall time.
  go_t=$( { time (GOTOOLCHAIN=local xargs -a "$list" -d '\n' "$go" version -m > /dev/null) ; } 2>&1 )
  got_out=$( { time java $java_opts -cp "$jar" dev.gotrail.benchmarks.BuildInfoBenchmark "$list" ; } 2>&1 )
  got_t=$(echo "$got_out" | tail -n 1)
  [ "$i" = 1 ] && echo "$got_out" | head -n 1
  go_best=$(printf '%s\n%s\n' "$go_best" "$go_t" | grep . | sort -n | head -n 1)
  got_best=$(printf '%s\n%s\n' "$got_best" "$got_t" | grep . | sort -n | head -n 1)
done
read -r gr gu gs <<< "$go_best"
read -r jr ju js <<< "$got_best"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v gr="$gr" -v gu="$gu" -v gs="$gs" -v jr="$jr" -v ju="$ju" -v js="$js" -v runs="$runs" 'BEGIN {
  printf "best of %d runs each, interleaved\n", runs
  printf "go version -m, one process for all files: %6.2f s wall, %6.2f s CPU\n", gr, gu + gs
  printf "gotrail, one JVM for all files:           %6.2f s wall, %6.2f s CPU (JVM start included)\n", jr, ju + js
  printf "ratio (go version -m / gotrail): %.2fx wall, %.2fx CPU\n", gr / jr, (gu + gs) / (ju + js)
}'
