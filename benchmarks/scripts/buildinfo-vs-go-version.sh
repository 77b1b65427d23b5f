#!/usr/bin/env bash
# Build information of every Go binary of this machine (each /usr/lib/go-*/bin/* and
# pkg/tool/*/*), gotrail vs one `go version -m` process over the same files, in one run, as ratios:
#  1. the command line: `./gotrail buildinfo FILES` (runnable jar, AppCDS archive, cold JVM) vs
#     `go version -m FILES`, interleaved, best wall time of each; `java -version` with the same
#     options is printed as the floor no JVM command can go below on this machine;
#  2. in one JVM (a test suite's): BuildInfoVsGoVersion alternates reading the files with
#     GoBuildInfo and spawning `go version -m` from that JVM; first (cold) round and best round.
# Usage: benchmarks/scripts/buildinfo-vs-go-version.sh
#   (after ./mvnw -q -pl benchmarks -am package -DskipTests, or with GOTRAIL_BENCH_CP=classpath)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cp="${GOTRAIL_BENCH_CP:-$here/benchmarks/target/benchmarks.jar}"
[ -n "${GOTRAIL_BENCH_CP:-}" ] || [ -f "$cp" ] || { echo "build first: ./mvnw -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
go="${GOTRAIL_BENCH_GO:-$(ls -d /usr/lib/go-*/bin/go | sort -V | tail -n 1)}"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
ls -d /usr/lib/go-*/bin/* /usr/lib/go-*/pkg/tool/*/* | sort > "$list"
n=$(wc -l < "$list")
runs=${GOTRAIL_BENCH_RUNS:-5}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $n Go binaries; oracle $go"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Command line. ./gotrail builds the jar and its AppCDS archive on first use: warm that up first.
"$here/gotrail" buildinfo "$go" > /dev/null
jar=$(ls "$here"/cli/target/gotrail-cli-*.jar | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | head -n 1)
TIMEFORMAT='%R %U %S'
go_best=""; cli_best=""; floor_best=""
for i in $(seq "$runs"); do
  # Alternate so that load changes hit all alike; keep each one's best wall time.
  t=$( { time (GOTOOLCHAIN=local xargs -a "$list" -d '\n' "$go" version -m > /dev/null) ; } 2>&1 ); go_best=$(printf '%s\n%s\n' "$go_best" "$t" | grep . | sort -n | head -n 1)
  t=$( { time (xargs -a "$list" -d '\n' "$here/gotrail" buildinfo > /dev/null) ; } 2>&1 ); cli_best=$(printf '%s\n%s\n' "$cli_best" "$t" | grep . | sort -n | head -n 1)
  t=$( { time (java -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="${jar%.jar}.jsa" -Xlog:disable -version > /dev/null 2>&1) ; } 2>&1 ); floor_best=$(printf '%s\n%s\n' "$floor_best" "$t" | grep . | sort -n | head -n 1)
done
read -r gr gu gs <<< "$go_best"; read -r cr cu cs <<< "$cli_best"; read -r fr fu fs <<< "$floor_best"
awk -v gr="$gr" -v gu="$gu" -v gs="$gs" -v cr="$cr" -v cu="$cu" -v cs="$cs" -v fr="$fr" -v fu="$fu" -v fs="$fs" -v runs="$runs" 'BEGIN {
  gc = gu + gs; cc = cu + cs; fc = fu + fs
  printf "command line, best of %d runs each (by wall time), interleaved:\n", runs
  printf "  go version -m FILES:       %6.2f s wall, %6.2f s CPU\n", gr, gc
  printf "  ./gotrail buildinfo FILES: %6.2f s wall, %6.2f s CPU (cold JVM, AppCDS)\n", cr, cc
  printf "  java -version (the floor): %6.2f s wall, %6.2f s CPU\n", fr, fc
  printf "  ratio (go version -m / gotrail): %.2fx wall, %.2fx CPU\n", gr / cr, gc / cc
}'

# 2. In one JVM.
echo "in one JVM (BuildInfoVsGoVersion, 10 rounds):"
java -cp "$cp" dev.gotrail.benchmarks.BuildInfoVsGoVersion "$go" "$list" 10 | sed 's/^/  /'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
