#!/usr/bin/env bash
# Traced cost per event, Java against C, under the same bpftrace program (issues 7 and 19).
#
#   usdt-benchmarks/traced-vs-c.sh [--rounds N] [--events N] [--program 'BPFTRACE BLOCK'] [--out DIR]
#
# Builds src/main/c/traced_loop.c with gcc and <sys/sdt.h>, then runs, interleaved round by
# round so machine drift hits every variant alike:
#   c-worker-str   C, bench:str(char *, int64_t) fired from a worker thread   (the baseline)
#   java-str       Probe.fire(String, long)                                    (every Java thread is a worker)
#   c-main-two     C, bench:two(int64_t, int64_t) from the main thread         (the earlier README comparison)
#   java-two       Probe.fire(long, long)
# Each run: the loop starts, bpftrace -p PID attaches with the program (default: count), the loop
# fires a warm-up and then N measured events and prints wall time and its thread's CPU time.
# Prints per variant the median, minimum and maximum ns/event of both, the Java/C ratios of the
# medians, and whether bpftrace counted every fire. Needs root, bpftrace, gcc and
# systemtap-sdt-dev; expects usdt-benchmarks/target/benchmarks.jar (run-benchmarks.sh builds it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
out="$here/target/results"
rounds=7 events=1000000 program='{ @events = count(); }'
while [[ $# -gt 0 ]]; do
	case "$1" in
		--rounds) rounds=$2; shift 2 ;;
		--events) events=$2; shift 2 ;;
		--program) program=$2; shift 2 ;;
		--out) out=$2; shift 2 ;;
		*) echo "usage: $0 [--rounds N] [--events N] [--program 'BPFTRACE BLOCK'] [--out DIR]" >&2; exit 2 ;;
	esac
done
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[[ $(id -u) == 0 ]] || { echo "traced: needs root" >&2; exit 1; }
command -v bpftrace > /dev/null || { echo "traced: needs bpftrace" >&2; exit 1; }
echo '#include <sys/sdt.h>' | gcc -E -x c - > /dev/null 2>&1 \
	|| { echo "traced: needs gcc and <sys/sdt.h> (apt-get install systemtap-sdt-dev)" >&2; exit 1; }
[[ -f $jar ]] || { echo "traced: build $jar first (run-benchmarks.sh does)" >&2; exit 1; }
mkdir -p "$out"
gcc -O2 -pthread -o "$out/traced_loop" "$here/src/main/c/traced_loop.c"

# Runs one loop under bpftrace; appends "<name> <wall ns/event> <cpu ns/event> <counted> <fired>" to $results.
traced_run() {
	local name=$1; shift
	local log="$out/traced-$name.out" bt="$out/traced-$name.bt" probe
	"$@" > "$log" 2>&1 &
	local loop=$!
	for _ in $(seq 600); do
		grep -q '^ready' "$log" 2>/dev/null && break
		kill -0 "$loop" 2>/dev/null || { echo "traced $name: the loop exited early:" >&2; cat "$log" >&2; return 1; }
		sleep 0.1
	done
	local pid library
	pid=$(sed -n 's/^pid=//p' "$log")
	library=$(sed -n 's/^library=//p' "$log")
	probe=${name##*-}
	timeout 300 bpftrace -p "$pid" -e "usdt:$library:bench:$probe $program" > "$bt" 2>&1 &
	local tracer=$!
	wait "$loop" || { echo "traced $name: the loop failed:" >&2; cat "$log" "$bt" >&2; return 1; }
	wait "$tracer" || true
	sed -n 's/^fired \([0-9]*\) ns=\([0-9]*\) total=\([0-9]*\) cpu=\([0-9]*\).*/\1 \2 \3 \4/p' "$log" \
		| awk -v name="$name" -v counted="$(sed -n 's/^@events: \([0-9]*\)/\1/p' "$bt")" \
			'{ printf "%s %.1f %.1f %s %s\n", name, $2 / $1, $4 / $1, (counted == "") ? "-" : counted, $3 }' >> "$results"
}

results="$out/traced.txt"
: > "$results"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the traced runs"
java_loop=("$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.usdt.benchmarks.TracedFireLoop "$events")
for round in $(seq "$rounds"); do
	traced_run c-worker-str "$out/traced_loop" "$events" str worker
	traced_run java-str "${java_loop[@]}" str
	traced_run c-main-two "$out/traced_loop" "$events" two main
	traced_run java-two "${java_loop[@]}" two
	echo "round $round/$rounds: $(tail -4 "$results" | awk '{ printf "%s %s/%s  ", $1, $2, $3 }')"
done
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) after"

# "median min max" of column $2 for variant $1
stats() {
	awk -v name="$1" -v column="$2" '$1 == name { print $column }' "$results" | sort -g \
		| awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f %.1f %.1f", m, v[1], v[NR] }'
}
echo
echo "Traced (bpftrace -p PID -e 'usdt:LIB:bench:PROBE $program'; $rounds interleaved rounds of $events measured events):"
printf '| %-34s | %-26s | %-26s |\n' "variant" "wall ns/event median (range)" "CPU ns/event median (range)"
for name in c-worker-str java-str c-main-two java-two; do
	read -r wm wl wh <<< "$(stats "$name" 2)"
	read -r cm cl ch <<< "$(stats "$name" 3)"
	printf '| %-34s | %-26s | %-26s |\n' "$name" "$wm ($wl–$wh)" "$cm ($cl–$ch)"
done
ratio() {
	awk -v j="$(stats "$1" "$3" | cut -d' ' -f1)" -v c="$(stats "$2" "$3" | cut -d' ' -f1)" 'BEGIN { printf "%.2f", j / c }'
}
echo "java-str / c-worker-str: wall $(ratio java-str c-worker-str 2)×, CPU $(ratio java-str c-worker-str 3)× (target ≤ 1.10×)"
echo "java-two / c-main-two:   wall $(ratio java-two c-main-two 2)×, CPU $(ratio java-two c-main-two 3)×"
echo "runs where bpftrace counted a different number of events than were fired: $(awk '$4 != $5' "$results" | wc -l)"
