#!/usr/bin/env bash
# Counts the recompilations the fast guard causes: a hot loop fires a disabled probe while the
# guard is flipped by simulated tracer attach/detach cycles. Compiled code that folded the guard is
# invalidated ("made not entrant") on each flip; -XX:+PrintCompilation shows each one.
# Usage: scripts/measure-guard-deopt.sh [CYCLES] [REATTACH_MS]   (run `mvn -B -q install -DskipTests` first)
#   REATTACH_MS 0: each tracer session ends and the guard turns off before the next one
#   REATTACH_MS 100: the tracer re-attaches 100 ms after detaching (the guard stays on)
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-10}
rapid=${2:-0}
out=$(mktemp -d)
mvn -B -q -pl usdt-core dependency:build-classpath -Dmdep.outputFile="$out/cp.txt" -Dmdep.includeScope=test >/dev/null
java --enable-native-access=ALL-UNNAMED -XX:+PrintCompilation \
  -cp "usdt-core/target/test-classes:usdt-core/target/classes:$(cat "$out/cp.txt")" \
  dev.usdt.GuardDeoptimizationMain "$cycles" "$rapid" > "$out/log.txt"
grep '^cycles=' "$out/log.txt"
invalidated=$(grep 'made not entrant' "$out/log.txt" | grep -c 'GuardDeoptimizationMain\|dev.usdt.Probe::' || true)
echo "hot probe-site compilations invalidated: $invalidated"
rm -rf "$out"
