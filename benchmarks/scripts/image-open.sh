#!/usr/bin/env bash
# Image reading, in one run on this machine (docs/performance.md, "Images"):
#  1. first open of a golang-style image (an oci-archive made by podman from a root holding a
#     dereferenced copy of /usr/lib/go-1.23 at /usr/local/go, plus a glibc program and its
#     libraries) vs `tar -xzf` of the same layer blobs into an empty directory;
#  2. reopening it in the same JVM (cache hit);
#  3. `gotrail image` on the cached image, JVM start included (`java -jar` of the CLI jar).
# Usage: ./mvnw -q -pl cli,benchmarks -am package -DskipTests && benchmarks/scripts/image-open.sh
# Needs podman (rootful, vfs storage; storage of its own under the work directory).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
bench="${GOTRAIL_BENCH_CP:-$here/benchmarks/target/benchmarks.jar}"
cli="$(ls "$here"/cli/target/gotrail-cli-*.jar | grep -v original | head -n 1)"
[ -f "$bench" ] && [ -f "$cli" ] || { echo "build first: ./mvnw -q -pl cli,benchmarks -am package -DskipTests" >&2; exit 2; }
work="$(mktemp -d /var/tmp/gotrail-image-bench.XXXXXX)"
run="$(mktemp -d /tmp/gtpod.XXXXXX)"  # podman wants a runroot path shorter than 50 characters
trap 'rm -rf "$work" "$run"' EXIT
root="$work/root"
mkdir -p "$root/usr/local" "$root/usr/bin" "$root/proc" "$root/tmp"
cp -aL /usr/lib/go-1.23 "$root/usr/local/go"
cp -a /usr/bin/true "$root/usr/bin/"
for lib in $(ldd /usr/bin/true | grep -o '/[^ ]*'); do mkdir -p "$root$(dirname "$lib")"; cp -aL "$lib" "$root$lib"; done
tar -C "$root" -cf "$work/root.tar" .
P=(podman --root "$work/storage" --runroot "$run" --storage-driver vfs --cgroup-manager cgroupfs --events-backend none)
"${P[@]}" import --change 'ENV PATH=/usr/local/go/bin:/usr/local/bin:/usr/bin:/bin' "$work/root.tar" localhost/bench:1 > /dev/null
"${P[@]}" save --format oci-archive -o "$work/image.tar" localhost/bench:1 2> /dev/null
rm -rf "$work/storage" "$work/root.tar"
mkdir "$work/layout" && tar -C "$work/layout" -xf "$work/image.tar"
layers=$(ls -S "$work/layout/blobs/sha256" | head -n 1)   # the one big layer blob
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); image $(du -h "$work/image.tar" | cut -f1), unpacked $(du -sh "$root" | cut -f1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java_opts=${GOTRAIL_BENCH_JAVA_OPTS:-}
TIMEFORMAT='%R'
command -v /usr/bin/time > /dev/null || { echo 'needs /usr/bin/time (apt-get install time)' >&2; exit 2; }
runs=${GOTRAIL_BENCH_RUNS:-3}
tar_best=""; open_best=""
for i in $(seq "$runs"); do
  # Alternate the two so that load changes hit both alike; keep each one's best wall time.
  rm -rf "$work/x" "$work/cache"; mkdir "$work/x"; sync
  t=$( { /usr/bin/time -f '%e %U %S' tar -C "$work/x" -xzf "$work/layout/blobs/sha256/$layers" ; } 2>&1 | tail -n 1)
  echo "run $i: tar -xzf: $(echo "$t" | awk '{printf "%.2f s wall, %.2f s CPU (gzip included)", $1, $2 + $3}')"
  tar_best=$(printf '%s\n%s\n' "$tar_best" "$(echo "$t" | cut -d' ' -f1)" | grep . | sort -n | head -n 1)
  rm -rf "$work/x"; sync
  outfile="$work/open.out"
  j=$( { /usr/bin/time -f '%e %U %S' java $java_opts -cp "$bench" dev.gotrail.benchmarks.ImageOpenBenchmark "$work/image.tar" "$work/cache" 20 > "$outfile" ; } 2>&1 | tail -n 1)
  out=$(cat "$outfile")
  echo "run $i: $out; whole JVM $(echo "$j" | awk '{printf "%.2f s wall, %.2f s CPU", $1, $2 + $3}')"
  ms=$(echo "$out" | sed -E 's/^first open ([0-9]+) ms.*/\1/')
  open_best=$(printf '%s\n%s\n' "$open_best" "$(awk -v m="$ms" 'BEGIN {printf "%.3f", m / 1000}')" | grep . | sort -n | head -n 1)
done
img_best=""
for i in $(seq 5); do
  t=$( { time java -Dgotrail.image.cache="$work/cache" -jar "$cli" image "$work/image.tar" > /dev/null ; } 2>&1 )
  img_best=$(printf '%s\n%s\n' "$img_best" "$t" | grep . | sort -n | head -n 1)
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v t="$tar_best" -v o="$open_best" -v g="$img_best" -v runs="$runs" 'BEGIN {
  printf "best of %d runs each, interleaved\n", runs
  printf "tar -xzf of the layer:               %6.2f s wall\n", t
  printf "gotrail first open (unpack, verify): %6.2f s wall (inside the JVM, start not included)\n", o
  printf "ratio (gotrail / tar): %.2fx\n", o / t
  printf "gotrail image on the cached image:   %6.2f s wall (java -jar, JVM start included; best of 5)\n", g
}'
