#!/usr/bin/env bash
# What running go inside an image costs (docs/go-image.md), in one run on this machine: N times
# `go env GOROOT` of the golang test image's root (.ci/build-test-images) run
#   a) chrooted (unshare --mount --pid --fork --mount-proc + chroot: the truth the tests compare with),
#   b) under bubblewrap as ImageSandbox runs it (read-only root, /proc, /dev, tmpfs /tmp, a bound home),
#   c) under the chroot launcher as ImageSandbox runs it (unshare --mount, tmpfs + overlay, unshare --root),
#   d) b) under strace with gotrail's flags (what @TraceGoCommand does inside @GoImage).
# Needs root (a and c), bwrap and strace. Usage: benchmarks/scripts/sandbox-overhead.sh [N]
set -euo pipefail
n=${1:-10}
images=${GOTRAIL_TEST_IMAGES:-/var/cache/gotrail/test-images}
root="$images/rootfs/golang"
[ -d "$root/usr/local/go" ] || { echo "no $root: run bash .ci/build-test-images" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (chroot)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/scratch"
env=(PATH=/go/bin:/usr/local/go/bin:/usr/bin:/bin GOPATH=/go GOTOOLCHAIN=local HOME=/root)
setenv=(); for kv in "${env[@]}"; do setenv+=(--setenv "${kv%%=*}" "${kv#*=}"); done
bwrap_cmd=(bwrap --die-with-parent --ro-bind "$root" / --proc /proc --dev /dev --perms 1777 --tmpfs /tmp
  --bind "$work/home" /root --chdir /go --clearenv "${setenv[@]}" -- /usr/local/go/bin/go env GOROOT)
chroot_script='set -e
s=$1; r=$2; h=$3
mount -t tmpfs gotrail-sandbox "$s"; mkdir "$s/upper" "$s/work" "$s/root"
mount -t overlay overlay -o "lowerdir=$r,upperdir=$s/upper,workdir=$s/work" "$s/root"
mount -t proc proc "$s/root/proc"; mount --rbind /dev "$s/root/dev"; mount -t tmpfs -o mode=1777 tmpfs "$s/root/tmp"
mount --bind "$h" "$s/root/root"
exec env -i PATH=/go/bin:/usr/local/go/bin:/usr/bin:/bin GOPATH=/go GOTOOLCHAIN=local HOME=/root unshare --root="$s/root" --wd=/go -- /usr/local/go/bin/go env GOROOT'
strace_flags=(-f -q -e 'abbrev=!execve,execveat' -s 4096 --seccomp-bpf -e 'trace=%file,%process,mmap,?mmap2' -e 'signal=!SIGURG')

run() { # label, command...
  local label=$1; shift
  "$@" > "$work/out" 2>&1 || { echo "$label failed: $(cat "$work/out")" >&2; exit 1; }
  [ "$(tail -n1 "$work/out")" = /usr/local/go ] || { echo "$label printed $(cat "$work/out")" >&2; exit 1; }
  local t0 t1; t0=$(date +%s%N)
  for _ in $(seq "$n"); do "$@" > /dev/null 2>&1; done
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / n / 1000000 ))
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); N=$n"
a=$(run chroot unshare --mount --pid --fork --mount-proc="$root/proc" chroot "$root" env -i "${env[@]}" /usr/local/go/bin/go env GOROOT)
b=$(run bubblewrap "${bwrap_cmd[@]}")
c=$(run chroot-launcher unshare --mount --propagation private --fork -- /bin/sh -c "$chroot_script" sh "$work/scratch" "$root" "$work/home")
d=$(run strace+bubblewrap strace "${strace_flags[@]}" -o "$work/trace.log" -- "${bwrap_cmd[@]}")
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v a="$a" -v b="$b" -v c="$c" -v d="$d" 'BEGIN {
  printf "a) chroot (truth):                 %5d ms per go env GOROOT\n", a
  printf "b) bubblewrap (ImageSandbox):      %5d ms  (%.2fx a)\n", b, b / a
  printf "c) chroot launcher (ImageSandbox): %5d ms  (%.2fx a)\n", c, c / a
  printf "d) strace + bubblewrap:            %5d ms  (%.2fx b)\n", d, d / b
}'
