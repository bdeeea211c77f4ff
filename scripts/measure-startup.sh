#!/usr/bin/env bash
# Issue 19: what the starter adds to an application's start-up.
#
#   scripts/measure-startup.sh [--started] [RUNS] [JAR] [OTHER_JAR]
#
# Runs JAR (default samples/boot-4.0/target/sample.jar: build it with
# mvn -B -q install -DskipTests && mvn -B -q -f samples/boot-4.0/pom.xml package -DskipTests)
# until its context is refreshed (-Dspring.context.exit=onRefresh), RUNS times with
# usdt.enabled=true and RUNS times with usdt.enabled=false, alternating so that machine drift hits
# both alike (each variant takes every place in the round in turn), after one warm-up run of each.
# Prints each run's wall and CPU seconds (user + sys, the whole process), then the medians, the
# median of the pairwise ratios and the median of the rounds' differences.
#
# With OTHER_JAR (the same application built against other starter jars, say an older commit's),
# each round also runs OTHER_JAR enabled, and the medians of its differences to JAR are printed:
# single runs scatter by more than the starter costs, so compare versions within one run. Even so,
# two copies of one jar came out 34 ms apart by the median of 100 rounds (11 ± 16 ms by the mean):
# a smaller difference between versions says nothing. One way
# to make it: copy JAR, put an older build's usdt-parser, usdt-core and usdt-autoconfigure jars in
# a BOOT-INF/lib directory and store them over the copy's (cd DIR && zip -0 COPY BOOT-INF/lib/*.jar).
#
# With --started, each run goes on until Spring Boot logs "Started ... in S seconds (process
# running for U)" and is then stopped; the two columns are U (the JVM's uptime when the application
# is ready, what a user waits for) and S (from SpringApplication.run), instead of wall and CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/median.sh

started=false
if [[ ${1:-} == --started ]]; then
	started=true
	shift
fi

runs=${1:-10}
jar=${2:-samples/boot-4.0/target/sample.jar}
other=${3:-}
[[ -f $jar ]] || { echo "build $jar first" >&2; exit 1; }
[[ -z $other || -f $other ]] || { echo "no $other" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# "wall cpu" of one run of JAR with usdt.enabled=ENABLED, from bash's own accounting of the child;
# with --started, "uptime started-in" from the Started line
one() {
	if $started; then
		one_started "$@"
		return
	fi
	local TIMEFORMAT='%R %U %S'
	{ time java -Dspring.context.exit=onRefresh -jar "$1" --server.port=0 --usdt.enabled="$2" > /dev/null 2>&1; } 2>&1 \
		| awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }'
}

first=wall
second=cpu
if $started; then
	first="uptime at Started"
	second="Started in"
fi

one_started() {
	local log="$out/started.log"
	java -jar "$1" --server.port=0 --usdt.enabled="$2" > "$log" 2>&1 &
	local pid=$!
	for _ in $(seq 600); do
		grep -q ' Started .* seconds (process running for ' "$log" && break
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.05
	done
	kill "$pid" 2> /dev/null || true
	wait "$pid" 2> /dev/null || true
	sed -n 's/.* Started .* in \([0-9.]*\) seconds (process running for \([0-9.]*\)).*/\2 \1/p' "$log" | head -1 | grep . \
		|| { echo "no Started line from $1 (usdt.enabled=$2):" >&2; tail -5 "$log" >&2; exit 1; }
}

one "$jar" true > /dev/null
one "$jar" false > /dev/null
[[ -z $other ]] || one "$other" true > /dev/null
# The variants take turns at each place in the round: a run is slowed by the one before it (the
# kernel still reclaiming the last JVM's memory), by ~15 ms in a fixed order here
variants=(on off)
[[ -z $other ]] || variants+=(then)
for i in $(seq "$runs"); do
	shift_by=$(( (i - 1) % ${#variants[@]} ))
	for k in $(seq 0 $(( ${#variants[@]} - 1 ))); do
		case ${variants[$(( (k + shift_by) % ${#variants[@]} ))]} in
			on) on=$(one "$jar" true) ;;
			off) off=$(one "$jar" false) ;;
			then) then=$(one "$other" true) ;;
		esac
	done
	if [[ -n $other ]]; then
		echo "run $i: enabled $on, disabled $off, other jar enabled $then ($first s, $second s)"
		echo "$on $then" >> "$out/versions"
	else
		echo "run $i: enabled $on, disabled $off ($first s, $second s)"
	fi
	echo "$on $off" >> "$out/pairs"
done

on_wall=$(awk '{ print $1 }' "$out/pairs" | median)
off_wall=$(awk '{ print $3 }' "$out/pairs" | median)
on_cpu=$(awk '{ print $2 }' "$out/pairs" | median)
off_cpu=$(awk '{ print $4 }' "$out/pairs" | median)
ratio=$(awk '{ print $1 / $3 }' "$out/pairs" | median)
# each round's difference: machine drift between rounds cancels out
paired=$(awk '{ print ($1 - $3) * 1000 }' "$out/pairs" | median)
echo
echo "$first median: enabled $on_wall s, disabled $off_wall s, difference $(awk -v a="$on_wall" -v b="$off_wall" 'BEGIN { printf "%+.0f ms", (a - b) * 1000 }'), median ratio of pairs $(printf '%.3f' "$ratio"), median of the rounds' differences $(printf '%+.0f ms' "$paired")"
echo "$second median: enabled $on_cpu s, disabled $off_cpu s"
if [[ -n $other ]]; then
	then_wall=$(awk '{ print $3 }' "$out/versions" | median)
	wall_diff=$(awk '{ print ($1 - $3) * 1000 }' "$out/versions" | median)
	cpu_diff=$(awk '{ print ($2 - $4) * 1000 }' "$out/versions" | median)
	echo "other jar:   enabled $then_wall s ($first median); JAR minus OTHER_JAR, median of the rounds: $(printf '%+.0f' "$wall_diff") ms $first, $(printf '%+.0f' "$cpu_diff") ms $second"
fi
