#!/usr/bin/env bash
# Soak the Spring starter: a SpringApplication with the stapsdt backend (orders.d, typed providers,
# @UsdtProbe beans) is refreshed and closed over and over while four threads fire the probes of the
# live context and of closed ones; in every block of 50 cycles the probes are forced on for 12
# cycles and, when run as root with bpftrace installed, bpftrace is attached by library path for
# 15. Prints the counts (cycles, firings, errors, bpftrace sessions and counted firings) and the
# resource figures (mappings, library mappings, descriptors, threads, library files) at the end;
# exits non-zero on an error in a firing thread or on growth.
#
#   scripts/soak-spring.sh [--minutes N]     (default 60)
set -uo pipefail

minutes=60
while [[ $# -gt 0 ]]; do
	case "$1" in
		--minutes) minutes="$2"; shift 2 ;;
		-h|--help) sed -n '2,10p' "$0"; exit 0 ;;
		*) echo "usage: $0 [--minutes N]" >&2; exit 2 ;;
	esac
done
if ! [[ "$minutes" =~ ^[0-9]+$ ]]; then
	echo "--minutes takes a whole number" >&2
	exit 2
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -o install -DskipTests -pl usdt-parser,usdt-core,usdt-autoconfigure
cd usdt-autoconfigure
mvn -B -q -o test-compile
log="$(mktemp -t soak-spring.XXXXXX.log)"
status=0
mvn -B -o surefire:test -Dtest=ContextLifecycleUnderFireTests -Dusdt.soak.minutes="$minutes" 2>&1 \
	| tee "$log" || status=$?
# the test's report: counts, then the figures of the first, baseline and last cycles
echo
sed -n '/^Context lifecycle under fire/,/^$/p' "$log"
grep -E '^\[(INFO|ERROR)\] Tests run:' "$log" | tail -1 || true
echo "full log: $log"
exit "$status"
