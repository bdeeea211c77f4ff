#!/usr/bin/env bash
# Issue 19: the demo's maximum throughput and p99 latency while a tracer flips the fast guard.
#
#   scripts/measure-guard-flips-under-load.sh [ROUNDS] [SECONDS] [THREADS]     (as root, bpftrace installed)
#
# Starts demo-app/target/demo-app.jar (build it first: mvn -B -q -pl demo-app -am install -DskipTests)
# afresh for every phase and warms it up, then runs, interleaved round by round so machine drift hits
# every regime alike, the closed-loop load generator (java -jar demo-app.jar --load --threads=THREADS --seconds=SECONDS)
# under four regimes:
#   none          no tracer
#   one-probe     bpftrace counting orders:order__placed for the whole phase
#   flip-2s       bpftrace on orders:order__placed attached for 1 s, detached for 1 s, repeated:
#                 every attach and every detach (after the 1 s off delay) flips the fast guard
#   control-2s    the same bpftrace churn on a kernel tracepoint: the tracer's own CPU cost
#                 without any USDT probe or guard flip, to tell the two apart on a small machine
# Prints each phase's line and, per regime, the median (min–max) throughput and p99, and the
# ratios of the medians to "none". Load generator, service and tracer share the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
seconds=${2:-20}
threads=${3:-4}
jar=demo-app/target/demo-app.jar
port=${PORT:-18089}
out=$(mktemp -d)
[[ -f $jar ]] || { echo "build $jar first" >&2; exit 1; }
command -v bpftrace > /dev/null || { echo "needs bpftrace (and root)" >&2; exit 1; }

server=""
churn=""
cleanup() {
	[[ -n $churn ]] && kill "$churn" 2>/dev/null
	[[ -n $server ]] && kill "$server" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$out"
}
trap cleanup EXIT

# A fresh service per phase: the demo keeps every order it is sent and lists them all, so one
# service loaded for minutes slows down phase after phase whatever the regime.
start_server() {
	java -jar "$jar" --server.port="$port" > "$out/server.log" 2>&1 &
	server=$!
	for _ in $(seq 600); do
		grep -q 'Started DemoApplication' "$out/server.log" && break
		kill -0 "$server" 2>/dev/null || { cat "$out/server.log" >&2; exit 1; }
		sleep 0.2
	done
	library=$(curl -s "localhost:$port/actuator/usdt/orders" | sed -n 's/.*"library" *: *"\([^"]*\)".*/\1/p')
	[[ -n $library ]] || { echo "no orders library in /actuator/usdt/orders" >&2; exit 1; }
	probe="usdt:$library:orders:order__placed { @placed = count(); }"
	control="tracepoint:syscalls:sys_enter_nanosleep /pid == $server/ { @sleeps = count(); }"
}

stop_server() {
	kill "$server" 2>/dev/null || true
	wait "$server" 2>/dev/null || true
	server=""
}

load() {
	java -jar "$jar" --load --url="http://localhost:$port" --threads="$threads" --seconds="$1"
}

# Attaches $1 for 1 s and detaches it for 1 s, until killed.
churn_loop() {
	local program=$1
	while true; do
		timeout -s INT 1 bpftrace -p "$server" -e "$program" > /dev/null 2>&1 || true
		sleep 1
	done
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); each phase: a fresh service, $seconds s of warm-up, $seconds s measured"
: > "$out/results.txt"
for round in $(seq "$rounds"); do
	for regime in none one-probe flip-2s control-2s; do
		start_server
		load "$seconds" > /dev/null
		case $regime in
			one-probe)
				bpftrace -p "$server" -e "$probe" > /dev/null 2>&1 &
				churn=$!
				sleep 3 ;;
			flip-2s) churn_loop "$probe" & churn=$! ;;
			control-2s) churn_loop "$control" & churn=$! ;;
		esac
		line=$(load "$seconds")
		if [[ -n $churn ]]; then
			pkill -INT -P "$churn" bpftrace 2>/dev/null || true
			kill "$churn" 2>/dev/null || true
			wait "$churn" 2>/dev/null || true
			churn=""
		fi
		stop_server
		echo "round $round $regime: $line"
		echo "$regime $line" >> "$out/results.txt"
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# "median min max" of a key=value field for one regime
stat() {
	awk -v regime="$1" -v key="$2" '$1 == regime { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) { sub(/[^0-9.]+$/, "", kv[2]); print kv[2] } } }' "$out/results.txt" \
		| sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s %s %s", m, v[1], v[NR] }'
}
echo
echo "| regime | throughput req/s median (min–max) | vs none | p99 ms median (min–max) | vs none |"
echo "|---|---|---|---|---|"
read -r base_t _ _ <<< "$(stat none throughput)"
read -r base_p _ _ <<< "$(stat none p99)"
for regime in none one-probe flip-2s control-2s; do
	read -r t tl th <<< "$(stat "$regime" throughput)"
	read -r p pl ph <<< "$(stat "$regime" p99)"
	printf '| %s | %s (%s–%s) | %.2f× | %s (%s–%s) | %.2f× |\n' "$regime" "$t" "$tl" "$th" \
		"$(awk -v a="$t" -v b="$base_t" 'BEGIN { print a / b }')" "$p" "$pl" "$ph" \
		"$(awk -v a="$p" -v b="$base_p" 'BEGIN { print a / b }')"
done
