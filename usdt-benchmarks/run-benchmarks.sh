#!/usr/bin/env bash
# Runs the whole benchmark suite of issue 7 and prints one table.
#
#   usdt-benchmarks/run-benchmarks.sh [--full] [--no-build] [--no-jmh] [--no-traced]
#
# 1. JMH (disabled, enabled-untraced, registration, parser) through dev.usdt.benchmarks.Suite,
#    with -prof gc; the short mode (default) fits in about 7 minutes on 2 cores.
# 2. Traced: traced-vs-c.sh, bpftrace counting the same probes fired from a Java loop
#    (TracedFireLoop) and from a C loop (src/main/c/traced_loop.c, <sys/sdt.h>); the ratio of the
#    time per event is what the JVM adds above the kernel's uprobe trap. Needs root, bpftrace and
#    systemtap-sdt-dev; skipped with a message otherwise.
#
# Results land in usdt-benchmarks/target/results/ (table.md is the combined table).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
jar="$here/target/benchmarks.jar"
out="$here/target/results"
mode=--short
build=1 jmh=1 traced=1
traced_events=500000
traced_rounds=5
for arg in "$@"; do
	case "$arg" in
		--full) mode=--full; traced_events=1000000; traced_rounds=9 ;;
		--short) mode=--short ;;
		--no-build) build=0 ;;
		--no-jmh) jmh=0 ;;
		--no-traced) traced=0 ;;
		*) echo "usage: $0 [--full] [--no-build] [--no-jmh] [--no-traced]" >&2; exit 2 ;;
	esac
done
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
mkdir -p "$out"

echo "== machine"
{
	echo "cpus:   $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
	echo "kernel: $(uname -r)"
	echo "jdk:    $("$java" -version 2>&1 | sed -n 2p)"
	echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at start"
} | tee "$out/machine.txt"

if [[ $build == 1 || ! -f $jar ]]; then
	echo "== build"
	(cd "$root" && mvn -B -q -pl usdt-benchmarks -am install -DskipTests)
fi

: > "$out/table.md"
if [[ $jmh == 1 ]]; then
	echo "== JMH ($mode)"
	"$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.usdt.benchmarks.Suite "$mode" --table "$out/jmh.md"
	cat "$out/jmh.md" >> "$out/table.md"
fi

if [[ $traced == 1 ]]; then
	echo "== traced ($traced_events events per run, $traced_rounds rounds)"
	if "$here/traced-vs-c.sh" --rounds "$traced_rounds" --events "$traced_events" --out "$out" > "$out/traced.md" 2> "$out/traced.err"; then
		sed -n '/^Traced/,$p' "$out/traced.md" | tee -a "$out/table.md"
	else
		echo "traced: skipped ($(tail -1 "$out/traced.err"))" | tee -a "$out/table.md"
	fi
fi

echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at end" | tee -a "$out/machine.txt"
echo
echo "== table ($out/table.md)"
cat "$out/table.md"
