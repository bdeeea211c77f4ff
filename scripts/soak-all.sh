#!/usr/bin/env bash
# The full soak of issue 8: parser fuzzing with 1,000,000 inputs, then the core soak (mixed firing,
# bpftrace attaching and detaching, runtime register/close) and the Spring soak (context refresh/close
# under fire) side by side for N minutes. Each part prints its counts and resource figures; the
# script exits non-zero if any part failed.
#
#   scripts/soak-all.sh [--minutes N] [--fuzz-inputs N]     (defaults: 60, 1000000)
set -uo pipefail

minutes=60
inputs=1000000
while [[ $# -gt 0 ]]; do
	case "$1" in
		--minutes) minutes="$2"; shift 2 ;;
		--fuzz-inputs) inputs="$2"; shift 2 ;;
		-h|--help) sed -n '2,8p' "$0"; exit 0 ;;
		*) echo "usage: $0 [--minutes N] [--fuzz-inputs N]" >&2; exit 2 ;;
	esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q install -DskipTests

echo "== parser fuzzing: $inputs inputs"
mvn -B -q -pl usdt-parser surefire:test -Dtest=ProviderParserFuzzTests -Dusdt.fuzz.inputs="$inputs"
fuzz=$?

echo "== core and Spring soak: $minutes minutes"
scripts/soak.sh --minutes "$minutes" & core=$!
scripts/soak-spring.sh --minutes "$minutes" & spring=$!
wait $core; core_status=$?
wait $spring; spring_status=$?

echo "== result: fuzz=$fuzz core=$core_status spring=$spring_status (0 = passed)"
[[ $fuzz -eq 0 && $core_status -eq 0 && $spring_status -eq 0 ]]
