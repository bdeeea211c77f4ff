#!/usr/bin/env bash
# Issue 19: the starter's own start-up steps, by Spring's accounting.
#
#   scripts/measure-startup-steps.sh [RUNS] [JAR]
#
# Runs JAR (default samples/boot-4.0/target/sample.jar: build it with
# mvn -B -q install -DskipTests && mvn -B -q -f samples/boot-4.0/pom.xml package -DskipTests)
# RUNS times with usdt.enabled=true and RUNS times with usdt.enabled=false, alternating, after one
# warm-up run of each. Each run starts the jar's Start-Class under Spring Boot's
# BufferingApplicationStartup (scripts/StartupSteps.java, launched inside the jar by Boot's
# PropertiesLauncher, so classes load from the nested jars as in production) and stops once the
# context is ready. Prints the medians of: SpringApplication.run, the self time of all steps, and
# the self time of the steps whose bean or class is the starter's, each of those steps named.
#
# The application's own main method does not run: its class is handed to a new SpringApplication,
# as SpringApplication.run(App.class, args) would, so whatever main adds besides (a builder, extra
# sources, default properties) is missing from both variants alike. Needs Spring Boot 3.2 or later
# (org.springframework.boot.loader.launch.PropertiesLauncher). Native access is enabled as the
# jar's manifest enables it for java -jar (Enable-Native-Access), which a -cp launch does not read.
#
# Spring's steps cover bean instantiation and post-processing; the starter's work done inside
# another bean's step (advising each bean, the @UsdtProvider registrar while configuration classes
# are parsed) counts in the all-steps difference, not in the starter's named steps.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/median.sh

runs=${1:-10}
jar=${2:-samples/boot-4.0/target/sample.jar}
[[ -f $jar ]] || { echo "build $jar first" >&2; exit 1; }
jar=$(realpath "$jar")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

main=$(unzip -p "$jar" META-INF/MANIFEST.MF | sed -n 's/^Start-Class: *\([^[:space:]]*\).*/\1/p')
[[ -n $main ]] || { echo "$jar has no Start-Class: not a Spring Boot jar" >&2; exit 1; }
mkdir "$out/lib" "$out/classes"
(cd "$out/lib" && unzip -q "$jar" 'BOOT-INF/lib/*')
javac -d "$out/classes" -cp "$out/lib/BOOT-INF/lib/*" scripts/StartupSteps.java

# writes the steps of one run of JAR with usdt.enabled=ENABLED to FILE
one() {
	java --enable-native-access=ALL-UNNAMED -cp "$jar" -Dloader.path="$out/classes" -Dloader.main=StartupSteps -Dsteps.main="$main" -Dsteps.out="$2" \
		org.springframework.boot.loader.launch.PropertiesLauncher --server.port=0 --usdt.enabled="$1" > "$out/log" 2>&1 \
		|| { echo "run failed (usdt.enabled=$1):" >&2; tail -5 "$out/log" >&2; exit 1; }
}

one true "$out/warm"
one false "$out/warm"
for i in $(seq "$runs"); do
	if (( i % 2 )); then
		one true "$out/on-$i"
		one false "$out/off-$i"
	else
		one false "$out/off-$i"
		one true "$out/on-$i"
	fi
	echo "run $i: enabled $(awk '$1 == "run-ms" { print $2 }' "$out/on-$i") ms, disabled $(awk '$1 == "run-ms" { print $2 }' "$out/off-$i") ms (SpringApplication.run)"
done

# median of KEY over the runs of MODE
of() { cat "$out/$1"-* | awk -v k="$2" '$1 == k { print $2 }' | median; }
echo
for key in run-ms all-steps-ms; do
	on=$(of on "$key")
	off=$(of off "$key")
	echo "$key median: enabled $on, disabled $off, difference $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%+.1f", a - b }')"
done
echo "starter-steps-ms median: $(of on starter-steps-ms) (usdt.enabled=false: $(of off starter-steps-ms))"
cat "$out"/on-* | awk '$1 == "step-ms" { print $3, $4 }' | sort -u | while read -r step owner; do
	printf '  %8.3f  %s %s\n' "$(cat "$out"/on-* | awk -v s="$step" -v o="$owner" '$1 == "step-ms" && $3 == s && $4 == o { print $2 }' | median)" "$step" "$owner"
done | sort -rn
