#!/usr/bin/env bash
# Measures what tracing costs: untraced vs traced `go build -a` of a small program, one flag set
# per row, all in the same run and interleaved (untraced, set 1, set 2, ... per repetition) so
# that load from other processes on the machine hits every variant alike. Each build uses a
# fresh GOCACHE in a temp dir, so every build really compiles the standard library.
#
# usage: benchmarks/scripts/traced-build-overhead.sh [GO_BINARY] [REPETITIONS]
#   GO_BINARY    default /usr/lib/go-1.21/bin/go
#   REPETITIONS  default 3
# Prints one line per build and a table of medians and ratios (traced / untraced).
set -euo pipefail

GO=${1:-/usr/lib/go-1.21/bin/go}
REPS=${2:-3}
STRACE=${STRACE:-strace}

command -v "$STRACE" >/dev/null || { echo "strace not found: apt-get install strace" >&2; exit 2; }
[ -x "$GO" ] || { echo "$GO is not an executable go binary" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cat > "$work/src/main.go" <<'GO'
package main

import (
	"fmt"
	"os"
)

func main() { fmt.Fprintln(os.Stdout, "hello") }
GO
printf 'module hello\n\ngo 1.19\n' > "$work/src/go.mod"

# The syscalls gotrail's analysis needs (see docs/tracing.md): files, processes, mmap of .so files.
SYSCALLS='%file,%process,mmap,mmap2'
# Same list as dev.gotrail.tracer.StraceTracer's default (%file,%process already include
# open/openat/stat family/readlink(at)/access/faccessat(2)/execve(at)/clone/fork/vfork/exit_group).

# name|strace flags ("-" = untraced)
variants=(
  "untraced|-"
  "full: -f -q -v -s 4096 (every syscall)|-f -q -v -s 4096"
  "filtered: full + -e trace=$SYSCALLS|-f -q -v -s 4096 -e trace=$SYSCALLS"
  "filtered + --seccomp-bpf|-f -q -v -s 4096 --seccomp-bpf -e trace=$SYSCALLS"
  "filtered + -y (fd paths)|-f -q -v -s 4096 -y -e trace=$SYSCALLS"
  "filtered, no mmap: -e trace=%file,%process|-f -q -v -s 4096 -e trace=%file,%process"
  "filtered, no mmap + --seccomp-bpf|-f -q -v -s 4096 --seccomp-bpf -e trace=%file,%process"
)

now() { date +%s.%N; }

declare -A times
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r), $($STRACE -V | head -1)"
echo "go: $("$GO" version)"
echo "command: go build -a -o OUT . (GOCACHE fresh per build, GOTOOLCHAIN=local, GOFLAGS=)"
for rep in $(seq 1 "$REPS"); do
  for v in "${variants[@]}"; do
    name=${v%%|*}
    flags=${v#*|}
    cache=$(mktemp -d "$work/cache.XXXX")
    log="$work/trace.log"
    start=$(now)
    if [ "$flags" = "-" ]; then
      (cd "$work/src" && GOCACHE=$cache GOTOOLCHAIN=local GOFLAGS= "$GO" build -a -o "$work/out" .)
    else
      # shellcheck disable=SC2086 # flags are word-split on purpose
      (cd "$work/src" && GOCACHE=$cache GOTOOLCHAIN=local GOFLAGS= "$STRACE" $flags -o "$log" "$GO" build -a -o "$work/out" .)
    fi
    end=$(now)
    secs=$(echo "$end - $start" | bc -l)
    size=0
    [ -f "$log" ] && size=$(stat -c %s "$log")
    printf 'rep %d  %-55s %7.2f s  log %6d KiB\n' "$rep" "$name" "$secs" $((size / 1024))
    times[$name]="${times[$name]:-} $secs"
    rm -rf "$cache" "$log"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
base=$(echo "${times[untraced]}" | median)
echo
printf '%-55s %9s %7s\n' "variant" "median s" "ratio"
for v in "${variants[@]}"; do
  name=${v%%|*}
  m=$(echo "${times[$name]}" | median)
  printf '%-55s %9.2f %6.2fx\n' "$name" "$m" "$(echo "$m / $base" | bc -l)"
done
