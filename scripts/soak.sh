#!/usr/bin/env bash
# Soak the usdt-core runtime: four threads fire a mix of probes while the runtime is closed and
# registered again every half second and bpftrace (when run as root) attaches and detaches over
# and over. Prints the counts and the resource figures (mappings, descriptors, threads, library
# files, RSS) at start and end; exits 1 on an error or on growth.
#
#   scripts/soak.sh [--minutes N]     (default 60)
set -euo pipefail

minutes=60
while [[ $# -gt 0 ]]; do
	case "$1" in
		--minutes) minutes="$2"; shift 2 ;;
		-h|--help) sed -n '2,8p' "$0"; exit 0 ;;
		*) echo "usage: $0 [--minutes N]" >&2; exit 2 ;;
	esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
core="$root/usdt-core"
if [[ ! -f "$core/target/usdt-cli.jar" || ! -f "$core/target/test-classes/dev/usdt/reliability/Soak.class" ]]; then
	(cd "$root" && mvn -B -q -o -pl usdt-parser,usdt-core -am install -DskipTests)
fi

exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED \
	-cp "$core/target/usdt-cli.jar:$core/target/test-classes" \
	dev.usdt.reliability.Soak --minutes "$minutes"
