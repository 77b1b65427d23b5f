#!/usr/bin/env bash
# `gotrail image` on a cached image, JVM start included (issue 11 goal: under 1 s), measured with
# hyperfine in one run against `gotrail --version` (the same JVM start, no image work) and
# `java -version` (the JVM alone): best, median and mean wall time, mean CPU (user + system), and
# the median of each as a ratio to `java -version`, plus image / --version.
# The java lines are the ./gotrail launcher's own (C1 only, its AppCDS archive
# cli/target/gotrail-cli-VERSION.jsa, made here by ./gotrail if missing); `./gotrail image` adds the
# launcher's bash. GOTRAIL_BEFORE_JAR=OLD.jar adds the same two commands for an older jar with an
# archive trained the old way (ldd of java), for before/after figures in one run.
# Usage: ./mvnw -q -pl cli -am package -DskipTests && benchmarks/scripts/image-startup.sh [RUNS] [IMAGE]
# IMAGE defaults to the golang test image (.ci/build-test-images); needs hyperfine (apt-get install hyperfine).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
runs=${1:-20}
image=${2:-${GOTRAIL_TEST_IMAGES:-/var/cache/gotrail/test-images}/archives/golang.docker.tar}
jar=$(ls "$here"/cli/target/gotrail-cli-*.jar 2>/dev/null | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | head -n 1 || true)
[ -n "$jar" ] || { echo "build first: ./mvnw -q -pl cli -am package -DskipTests" >&2; exit 2; }
[ -e "$image" ] || { echo "no image $image: bash .ci/build-test-images, or pass one" >&2; exit 2; }
command -v hyperfine > /dev/null || { echo "hyperfine is not installed: apt-get install hyperfine" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOTRAIL_JAVA_OPTS="-Dgotrail.image.cache=$work/cache"
"$here/gotrail" --version > /dev/null                 # makes the launcher's archive if it is missing
"$here/gotrail" image "$image" > /dev/null || true    # fills the cache: every measured run is a cache hit
jsa="${jar%.jar}.jsa"
[ -f "$jsa" ] || { echo "./gotrail made no archive $jsa" >&2; exit 2; }
q="-XX:TieredStopAtLevel=1 -Xlog:disable -Xlog:all=warning:stderr"
variants=(
  "java $q -version"
  "java $q -XX:SharedArchiveFile=$jsa -jar $jar --version"
  "java $q -XX:SharedArchiveFile=$jsa -Dgotrail.image.cache=$work/cache -jar $jar image $image"
  "$here/gotrail image $image"
)
if [ -n "${GOTRAIL_BEFORE_JAR:-}" ]; then
  java $q -XX:ArchiveClassesAtExit="$work/before.jsa" -jar "$GOTRAIL_BEFORE_JAR" ldd "$(command -v java)" > /dev/null 2>&1
  variants+=(
    "java $q -XX:SharedArchiveFile=$work/before.jsa -jar $GOTRAIL_BEFORE_JAR --version"
    "java $q -XX:SharedArchiveFile=$work/before.jsa -Dgotrail.image.cache=$work/cache -jar $GOTRAIL_BEFORE_JAR image $image"
  )
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -n 1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --style none --warmup 3 --runs "$runs" -i --export-csv "$work/times.csv" "${variants[@]}" > /dev/null
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
# CSV: command,mean,stddev,median,user,system,min,max (seconds)
awk -F, -v jsa="$jsa" -v jar="$jar" -v before="${GOTRAIL_BEFORE_JAR:-/nonexistent}" -v here="$here/" -v work="$work/" -v img="$image" -v q="$q " '
  NR == 1 { printf "%-64s %6s %6s %6s %6s  %s\n", "command (" runs " runs, seconds)", "best", "median", "mean", "CPU", "median ratio"; next }
  {
    cmd = $1; gsub(q, "", cmd); gsub(jsa, "APP.jsa", cmd); gsub(jar, "JAR", cmd); gsub(before, "BEFORE.jar", cmd); gsub(work, "", cmd)
    gsub(img, "IMAGE", cmd); gsub(here, "./", cmd); gsub("-Dgotrail.image.cache=cache ", "", cmd); gsub("-XX:SharedArchiveFile=", "CDS=", cmd)
    if (NR == 2) base = $4
    if (cmd ~ /--version/) ver = $4
    ratio = sprintf("%.1fx java -version", $4 / base)
    if (cmd ~ / image / && ver > 0) ratio = ratio sprintf(", %.2fx its --version", $4 / ver)
    printf "%-64s %6.3f %6.3f %6.3f %6.3f  %s\n", cmd, $7, $4, $2, $5 + $6, ratio
  }' runs="$runs" "$work/times.csv"
