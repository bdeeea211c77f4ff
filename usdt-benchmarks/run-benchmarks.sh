#!/usr/bin/env bash
# Runs the whole benchmark suite of issue 7 and prints one table.
#
#   usdt-benchmarks/run-benchmarks.sh [--full] [--no-build] [--no-jmh] [--no-traced]
#
# 1. JMH (disabled, enabled-untraced, registration, parser) through dev.usdt.benchmarks.Suite,
#    with -prof gc; the short mode (default) fits in about 7 minutes on 2 cores.
# 2. Traced: bpftrace counts bench:two events from a Java loop (TracedFireLoop) and from a C loop
#    (src/main/c/traced_loop.c, <sys/sdt.h>) under the same bpftrace program; the ratio of the
#    time per event is what the JVM adds above the kernel's uprobe trap. Needs root and bpftrace;
#    skipped with a message otherwise.
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
		--full) mode=--full; traced_events=2000000; traced_rounds=9 ;;
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

# Starts one traced loop, attaches bpftrace to it, and prints "<ns per measured event> <events counted> <events fired>".
traced_run() {
	local name=$1; shift
	local log="$out/traced-$name.out" bt="$out/traced-$name.bt"
	"$@" > "$log" 2>&1 &
	local loop=$!
	for _ in $(seq 600); do
		grep -q '^ready' "$log" && break
		kill -0 "$loop" 2>/dev/null || { echo "traced $name: the loop exited early:" >&2; cat "$log" >&2; return 1; }
		sleep 0.1
	done
	local pid library
	pid=$(sed -n 's/^pid=//p' "$log")
	library=$(sed -n 's/^library=//p' "$log")
	timeout 300 bpftrace -p "$pid" -e "usdt:$library:bench:two { @events = count(); }" > "$bt" 2>&1 &
	local tracer=$!
	wait "$loop" || { echo "traced $name: the loop failed:" >&2; cat "$log" "$bt" >&2; return 1; }
	wait "$tracer" || true
	local fired ns total counted
	fired=$(sed -n 's/^fired \([0-9]*\) ns=.*/\1/p' "$log")
	ns=$(sed -n 's/^fired [0-9]* ns=\([0-9]*\).*/\1/p' "$log")
	total=$(sed -n 's/.* total=\([0-9]*\).*/\1/p' "$log")
	counted=$(sed -n 's/^@events: \([0-9]*\)/\1/p' "$bt")
	echo "$(awk -v t="$ns" -v n="$fired" 'BEGIN { printf "%.1f", t / n }') ${counted:-0} $total"
}

minimum() {
	sort -n | head -1
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

if [[ $traced == 1 ]]; then
	echo "== traced (bpftrace counting bench:two, $traced_events events per run, $traced_rounds rounds)"
	reason=""
	if [[ $(id -u) != 0 ]]; then reason="needs root"; fi
	if ! command -v bpftrace > /dev/null; then reason="needs bpftrace"; fi
	if ! command -v gcc > /dev/null; then reason="needs gcc"; fi
	has_sdt() { echo '#include <sys/sdt.h>' | gcc -E -x c - > /dev/null 2>&1; }
	if [[ -z $reason ]] && ! has_sdt; then
		apt-get install -y -q systemtap-sdt-dev > /dev/null 2>&1 || true
		has_sdt || reason="needs <sys/sdt.h> (apt-get install systemtap-sdt-dev)"
	fi
	if [[ -n $reason ]]; then
		echo "traced: skipped ($reason)" | tee -a "$out/table.md"
	else
		gcc -O2 -o "$out/traced_loop" "$here/src/main/c/traced_loop.c"
		: > "$out/traced-java.txt"; : > "$out/traced-c.txt"
		for round in $(seq "$traced_rounds"); do
			traced_run c "$out/traced_loop" "$traced_events" | tee -a "$out/traced-c.txt" | sed "s/^/round $round C:    ns\/event counted total = /"
			traced_run java "$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.usdt.benchmarks.TracedFireLoop \
				"$traced_events" | tee -a "$out/traced-java.txt" | sed "s/^/round $round Java: ns\/event counted total = /"
		done
		c_ns=$(cut -d' ' -f1 "$out/traced-c.txt" | median)
		java_ns=$(cut -d' ' -f1 "$out/traced-java.txt" | median)
		c_min=$(cut -d' ' -f1 "$out/traced-c.txt" | minimum)
		java_min=$(cut -d' ' -f1 "$out/traced-java.txt" | minimum)
		lost=$(awk '$2 != $3 { n++ } END { print n + 0 }' "$out/traced-c.txt" "$out/traced-java.txt")
		{
			echo
			echo "Traced (bpftrace -p PID counting usdt bench:two; $traced_rounds runs of $traced_events events each):"
			printf '| %-58s | %-18s | %-18s | %-30s |\n' "traced" "median ns/event" "best ns/event" "ratio to baseline (median)"
			printf '| %-58s | %-18s | %-18s | %-30s |\n' "C loop, <sys/sdt.h> probe + semaphore" "$c_ns" "$c_min" "(baseline)"
			printf '| %-58s | %-18s | %-18s | %-30s |\n' "Java loop, Probe.fire(long, long)" "$java_ns" "$java_min" \
				"$(awk -v j="$java_ns" -v c="$c_ns" -v jm="$java_min" -v cm="$c_min" 'BEGIN { printf "%.2fx C loop (best: %.2fx)", j / c, jm / cm }')"
			awk -v j="$java_ns" -v c="$c_ns" 'BEGIN { r = j / c; printf "  %s traced Java/C = %.2f×, target <= 1.20×\n", (r <= 1.2) ? "met    " : "NOT MET", r }'
			echo "  runs where bpftrace counted fewer events than were fired: $lost"
		} | tee -a "$out/table.md"
	fi
fi

echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at end" | tee -a "$out/machine.txt"
echo
echo "== table ($out/table.md)"
cat "$out/table.md"
