#!/usr/bin/env bash
# Compares `gotrail parse --json` (with -Xmx256m) against `grep -c openat` on the same ~300 MB
# strace log, in one run, and prints the ratio (target: at most 5x).
#
# usage: benchmarks/scripts/parse-vs-grep.sh [SIZE_MB] [TRACE.log...]
#   SIZE_MB  size of the log to build (default 300)
#   TRACE    real strace logs to concatenate; without any, one is made here:
#            strace -f -s 4096 -v -yy of `go build -a` of a small program (GOCACHE in a temp dir).
# env: GO (default /usr/lib/go-1.21/bin/go), KEEP=1 keeps the temp dir.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
size_mb="${1:-300}"
shift || true
go="${GO:-/usr/lib/go-1.21/bin/go}"
work="$(mktemp -d "${TMPDIR:-/tmp}/gotrail-parse-vs-grep.XXXXXX")"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

sources=("$@")
if [ ${#sources[@]} -eq 0 ]; then
  command -v strace >/dev/null || { echo "strace is not installed (apt-get install strace)" >&2; exit 2; }
  [ -x "$go" ] || { echo "$go not found; set GO=/path/to/go" >&2; exit 2; }
  mkdir -p "$work/src"
  printf 'module example.com/bench\n\ngo 1.19\n' > "$work/src/go.mod"
  printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n' > "$work/src/main.go"
  echo "tracing: $go build -a (this takes a while) ..." >&2
  (cd "$work/src" && env -u GOROOT GOCACHE="$work/cache" GOPATH="$work/gopath" GOTOOLCHAIN=local GOFLAGS= \
      GOTELEMETRY=off GOPROXY=off strace -f -s 4096 -v -yy -o "$work/one.log" -- "$go" build -a -o "$work/bin" . )
  sources=("$work/one.log")
fi

log="$work/big.log"
: > "$log"
target=$((size_mb * 1000 * 1000))
while [ "$(stat -c %s "$log")" -lt "$target" ]; do
  for s in "${sources[@]}"; do cat "$s" >> "$log"; done
done
bytes=$(stat -c %s "$log")

# build the CLI outside the measurement, and warm the page cache for both commands
"$here/gotrail" --help >/dev/null 2>&1 || true
cat "$log" > /dev/null

# bash's `time` reports wall clock and the CPU seconds of the child: with other work on the machine
# the CPU ratio is the steadier figure, the wall ratio the one users feel.
TIMEFORMAT='%R %U %S'
{ time grep -c openat "$log" > "$work/grep.out" ; } 2> "$work/grep.time" || true
grep_count=$(cat "$work/grep.out")
set +e
{ time GOTRAIL_JAVA_OPTS="-Xmx256m" "$here/gotrail" parse --json "$log" > "$work/parse.json" ; } 2> "$work/parse.time"
rc=$?
set -e
[ "$rc" -le 1 ] || { echo "gotrail parse failed with exit code $rc" >&2; cat "$work/parse.time" >&2; exit 2; }
read -r grep_s grep_u grep_sys < <(tail -n 1 "$work/grep.time")
read -r parse_s parse_u parse_sys < <(tail -n 1 "$work/parse.time")
grep_cpu=$(echo "$grep_u + $grep_sys" | bc -l)
parse_cpu=$(echo "$parse_u + $parse_sys" | bc -l)
ratio=$(echo "$parse_s / $grep_s" | bc -l)
lines=$(grep -m1 '"lines"' "$work/parse.json" | tr -dc 0-9)
unparsed_empty=$(grep -c '"unparsed": \[\]' "$work/parse.json" || true)
printf 'log:            %s bytes (%.0f MB), %s lines (per gotrail), unparsed none: %s\n' "$bytes" "$(echo "$bytes/1000000" | bc -l)" "$lines" "$unparsed_empty"
printf 'grep -c openat: %.3f s wall, %.3f s CPU  (%s matching lines)\n' "$grep_s" "$grep_cpu" "$grep_count"
printf 'gotrail parse --json (-Xmx256m): %.3f s wall, %.3f s CPU  (%.0f MB/s wall, JVM start included)\n' "$parse_s" "$parse_cpu" "$(echo "$bytes/1000000/$parse_s" | bc -l)"
printf 'ratio parse/grep: %.2fx wall, %.2fx CPU (target <= 5x)\n' "$ratio" "$(echo "$parse_cpu / $grep_cpu" | bc -l)"
# the same with C1 only: for a run of a few seconds, C2 compilation costs more CPU than it saves
{ time GOTRAIL_JAVA_OPTS="-Xmx256m -XX:TieredStopAtLevel=1" "$here/gotrail" parse --json "$log" > /dev/null ; } 2> "$work/c1.time" || true
read -r c1_s c1_u c1_sys < <(tail -n 1 "$work/c1.time")
c1_cpu=$(echo "$c1_u + $c1_sys" | bc -l)
printf 'gotrail parse --json (-Xmx256m -XX:TieredStopAtLevel=1): %.3f s wall, %.3f s CPU; ratio %.2fx wall, %.2fx CPU\n' \
  "$c1_s" "$c1_cpu" "$(echo "$c1_s / $grep_s" | bc -l)" "$(echo "$c1_cpu / $grep_cpu" | bc -l)"
printf 'machine: %s cores, %s, load %s\n' "$(nproc)" "$(free -g | awk '/Mem:/{print $2" GiB"}')" "$(cut -d' ' -f1-3 /proc/loadavg)"
