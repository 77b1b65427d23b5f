#!/usr/bin/env bash
# CLI start-up, measured with hyperfine in one run on this machine: `gotrail --version` and
# `gotrail ldd /usr/bin/ls` as java -jar with the JVM's defaults, with C1 only
# (-XX:TieredStopAtLevel=1), with C1 and an AppCDS archive (-XX:SharedArchiveFile, made here by a
# training run with -XX:ArchiveClassesAtExit), and through ./gotrail (which does both), against
# libtree /usr/bin/ls. Prints mean wall time, mean CPU (user + system) and each as a ratio to libtree.
# Usage: benchmarks/scripts/cli-startup.sh [RUNS]   (after ./mvnw -q -pl cli -am package -DskipTests;
# needs hyperfine and libtree: apt-get install hyperfine libtree)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
runs=${1:-20}
jar=$(ls "$here"/cli/target/gotrail-cli-*.jar 2>/dev/null | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | head -n 1 || true)
[ -n "$jar" ] || { echo "build first: ./mvnw -q -pl cli -am package -DskipTests" >&2; exit 2; }
for tool in hyperfine libtree; do
  command -v "$tool" > /dev/null || { echo "$tool is not installed: apt-get install $tool" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jsa="$work/gotrail.jsa"
quiet="-Xlog:disable -Xlog:all=warning:stderr"
# The training run; CDS cannot archive classes older than Java 6's format (picocli's are version 49): count them.
java -XX:TieredStopAtLevel=1 $quiet -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" ldd "$(command -v java)" > /dev/null 2> "$work/training.log"
echo "AppCDS archive: $(du -k "$jsa" | cut -f1) KiB; classes CDS could not archive: $(grep -c 'not supported by CDS' "$work/training.log" || true) (class file version < 50)"
"$here/gotrail" --version > /dev/null # ./gotrail makes its own archive on first use

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -n 1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
variants=(
  "libtree /usr/bin/ls"
  "java -jar $jar --version"
  "java -XX:TieredStopAtLevel=1 -jar $jar --version"
  "java -XX:TieredStopAtLevel=1 $quiet -XX:SharedArchiveFile=$jsa -jar $jar --version"
  "$here/gotrail --version"
  "java -jar $jar ldd /usr/bin/ls"
  "java -XX:TieredStopAtLevel=1 -jar $jar ldd /usr/bin/ls"
  "java -XX:TieredStopAtLevel=1 $quiet -XX:SharedArchiveFile=$jsa -jar $jar ldd /usr/bin/ls"
  "$here/gotrail ldd /usr/bin/ls"
)
hyperfine -N --style none --warmup 3 --runs "$runs" --export-csv "$work/times.csv" "${variants[@]}" > /dev/null
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
# CSV: command,mean,stddev,median,user,system,min,max (seconds)
awk -F, -v jar="$jar" -v jsa="$jsa" -v here="$here" 'NR == 1 { next } {
  cmd = $1; gsub(jar, "JAR", cmd); gsub(jsa, "APP.jsa", cmd); gsub(here "/", "./", cmd)
  gsub("-Xlog:disable -Xlog:all=warning:stderr ", "", cmd)
  wall = $2; cpu = $5 + $6
  if (NR == 2) { base_wall = wall; base_cpu = cpu }
  printf "%-78s %7.3f s wall (%5.1fx)  %6.3f s CPU (%5.1fx)\n", cmd, wall, wall / base_wall, cpu, cpu / base_cpu
}' "$work/times.csv"
