#!/usr/bin/env bash
# Measures what tracing costs: untraced vs traced `go build -a` of a small program, one flag set
# per row, all in the same run and interleaved (untraced, set 1, set 2, ... per repetition) so
# that load from other processes on the machine hits every variant alike. Each build uses a
# fresh GOCACHE in a temp dir, so every build really compiles the standard library.
#
# usage: benchmarks/scripts/traced-build-overhead.sh [GO_BINARY] [REPETITIONS]
#   GO_BINARY    default /usr/lib/go-1.21/bin/go
#   REPETITIONS  default 3
#   VARIANTS     (environment) the variant keys to run, e.g. VARIANTS="untraced C F"; default all
# Prints one line per build and a table of medians and ratios (traced / untraced), for wall-clock
# time and for CPU time (user + sys of the whole process tree: go, its tools, strace). On a shared
# machine the CPU ratio is the steadier figure: other load stretches wall time, not CPU time.
set -euo pipefail
set -f # the strace filter expressions contain ? and ! and must reach strace as written

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

# The flags every traced variant shares (dev.gotrail.tracer.StraceTracer): follow forks, no
# attach notices, complete execve environments only, long strings.
BASE='-f -q -e abbrev=!execve,execveat -s 4096 -e signal=!SIGURG'
# %file,%process already include open/openat/stat family/readlink(at)/access/faccessat(2)/
# execve(at)/chdir and clone/clone3/fork/vfork/exit_group/wait4.
WITH_MMAP='%file,%process,mmap,?mmap2'
NO_MMAP='%file,%process'
# %process without its signal-sending calls (kill, tkill, tgkill, rt_sigqueueinfo, ...): Go's runtime
# preempts goroutines with tgkill(SIGURG), ~11 % of the calls %process,%file,mmap stop at in go build -a
LIFECYCLE='%file,clone,?clone3,?fork,?vfork,execve,execveat,exit,exit_group,wait4,waitid'

# name|strace flags ("-" = untraced)
variants=(
  "untraced|-"
  "A every syscall, -v|-f -q -v -s 4096"
  "B -e trace=$WITH_MMAP|$BASE -e trace=$WITH_MMAP"
  "C -e trace=$WITH_MMAP --seccomp-bpf|$BASE --seccomp-bpf -e trace=$WITH_MMAP"
  "D -e trace=$NO_MMAP|$BASE -e trace=$NO_MMAP"
  "E -e trace=$NO_MMAP --seccomp-bpf|$BASE --seccomp-bpf -e trace=$NO_MMAP"
  "F -e trace=$LIFECYCLE,mmap,?mmap2 --seccomp-bpf|$BASE --seccomp-bpf -e trace=$LIFECYCLE,mmap,?mmap2"
  "G -e trace=$LIFECYCLE --seccomp-bpf|$BASE --seccomp-bpf -e trace=$LIFECYCLE"
)
if [ -n "${VARIANTS:-}" ]; then
  chosen=()
  for v in "${variants[@]}"; do
    key=${v%%|*}; key=${key%% *}
    case " $VARIANTS " in *" $key "*) chosen+=("$v") ;; esac
  done
  variants=("${chosen[@]}")
fi

declare -A walls cpus
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r), $($STRACE -V | head -1)"
echo "go: $("$GO" version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: go build -a -o OUT . (GOCACHE fresh per build, GOTOOLCHAIN=local, GOFLAGS=)"
TIMEFORMAT='%R %U %S'
for rep in $(seq 1 "$REPS"); do
  for v in "${variants[@]}"; do
    name=${v%%|*}
    flags=${v#*|}
    cache=$(mktemp -d "$work/cache.XXXX")
    log="$work/trace.log"
    if [ "$flags" = "-" ]; then
      t=$( { time (cd "$work/src" && GOCACHE=$cache GOTOOLCHAIN=local GOFLAGS= "$GO" build -a -o "$work/out" .) ; } 2>&1 )
    else
      # shellcheck disable=SC2086 # flags are word-split on purpose
      t=$( { time (cd "$work/src" && GOCACHE=$cache GOTOOLCHAIN=local GOFLAGS= "$STRACE" $flags -o "$log" "$GO" build -a -o "$work/out" .) ; } 2>&1 )
    fi
    t=$(echo "$t" | tail -1)
    wall=$(echo "$t" | awk '{print $1}')
    cpu=$(echo "$t" | awk '{print $2 + $3}')
    size=0
    [ -f "$log" ] && size=$(stat -c %s "$log")
    printf 'rep %d  %-58s wall %7.2f s  cpu %7.2f s  log %6d KiB\n' "$rep" "$name" "$wall" "$cpu" $((size / 1024))
    walls[$name]="${walls[$name]:-} $wall"
    cpus[$name]="${cpus[$name]:-} $cpu"
    rm -rf "$cache" "$log"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
best() { tr ' ' '\n' | grep -v '^$' | sort -g | head -1; }
wbase=$(echo "${walls[untraced]}" | median)
cbase=$(echo "${cpus[untraced]}" | median)
wbest=$(echo "${walls[untraced]}" | best)
cbest=$(echo "${cpus[untraced]}" | best)
echo
printf '%-58s %10s %6s %10s %6s %10s %6s %10s %6s\n' "variant" "wall med" "ratio" "cpu med" "ratio" "wall best" "ratio" "cpu best" "ratio"
for v in "${variants[@]}"; do
  name=${v%%|*}
  w=$(echo "${walls[$name]}" | median)
  c=$(echo "${cpus[$name]}" | median)
  wb=$(echo "${walls[$name]}" | best)
  cb=$(echo "${cpus[$name]}" | best)
  printf '%-58s %9.2fs %5.2fx %9.2fs %5.2fx %9.2fs %5.2fx %9.2fs %5.2fx\n' "$name" "$w" "$(echo "$w / $wbase" | bc -l)" \
    "$c" "$(echo "$c / $cbase" | bc -l)" "$wb" "$(echo "$wb / $wbest" | bc -l)" "$cb" "$(echo "$cb / $cbest" | bc -l)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
