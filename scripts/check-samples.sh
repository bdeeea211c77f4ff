#!/usr/bin/env bash
# Builds the sample application (samples/app) on every Spring Boot generation against the starter
# that 'mvn install' put in the local Maven repository, then runs each build: its probes must be
# listed at /actuator/usdt, bpftrace must see them fire with the right arguments (the served
# requests too, through the Observation bridge), and the probe
# libraries must be gone once the JVM has exited. Boot 3.5 and 4.0 are built with Spring AOT
# (-Pnative) and run both ways (4.1 is built plainly); 4.0 runs once more as in a GraalVM native
# image, where the probes must degrade to no-ops with one WARN, and is built and traced once more
# without annotation processors (the runtime fallbacks). Needs root, bpftrace, curl and jq.
#
# Usage: scripts/check-samples.sh [Maven arguments, e.g. -Dmaven.repo.local=DIR]
# Env:   SAMPLES   generations to check (default: boot-3.5 boot-4.0 boot-4.1)
#        JAVA25    a JDK 25 home (default: /usr/lib/jvm/temurin-25-jdk-amd64 if present): every
#                  sample also runs on it and must not print JNA's restricted-method warning
#                  (the manifest enables native access); the native-image fallback runs on it
set -euo pipefail
cd "$(dirname "$0")/.."

maven_args=("$@")
samples=${SAMPLES:-boot-3.5 boot-4.0 boot-4.1}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
work=$(mktemp -d)
passed=0
failed=0
app_pid=
tracer_pid=
port=

cleanup() {
  [ -n "$tracer_pid" ] && kill "$tracer_pid" 2>/dev/null || true
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

log() { printf '[check-samples] %s\n' "$*"; }

# wait_for SECONDS FILE PATTERN: until PATTERN appears in FILE (1) or time runs out (0)
wait_for() {
  local deadline=$((SECONDS + $1))
  while [ $SECONDS -lt $deadline ]; do
    grep -qE "$3" "$2" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

fail() {
  log "FAIL $run: $*"
  for f in "$work/$run".*.log; do
    [ -f "$f" ] && { echo "--- $f (last 40 lines)"; tail -n 40 "$f"; }
  done
  return 1
}

# start LOG JAVA ARGS...: starts the application on a free port; sets app_pid and port
start() {
  local app_log=$1
  shift
  log "$run: $*"
  "$@" --server.port=0 >"$app_log" 2>&1 &
  app_pid=$!
  local deadline=$((SECONDS + 180))
  until grep -qs 'Started SampleApplication' "$app_log"; do
    kill -0 "$app_pid" 2>/dev/null || { app_pid=; fail "the application exited during startup"; return 1; }
    [ $SECONDS -lt $deadline ] || { fail "did not start in 180 s"; return 1; }
    sleep 0.5
  done
  port=$(grep -oE 'started on port [0-9]+' "$app_log" | head -n 1 | grep -oE '[0-9]+$')
}

# run_sample NAME JAR JAVA [JVM options...]: one start, trace and exit of a built sample
run_sample() {
  run=$1 jar=$2 java=$3
  shift 3
  local app_log=$work/$run.app.log tracer_log=$work/$run.bpftrace.log libdir=$work/$run.lib
  install -d -m 0700 "$libdir"
  start "$app_log" "$java" "$@" -jar "$jar" --usdt.library-dir="$libdir" || return 1
  grep -E 'USDT probes registered' "$app_log" | sed 's/^.*: USDT/  USDT/'

  # listed at /actuator/usdt
  local usdt=$work/$run.usdt.json
  curl -sSf "http://localhost:$port/actuator/usdt" >"$usdt" || { fail "GET /actuator/usdt"; return 1; }
  jq -e '.backend == "stapsdt"
      and .providers.greetings.probes.greeted.arguments == ["char *", "int64_t"]
      and .providers.sample.probes.greet__entry.arguments == ["char *", "int32_t"]
      and (.providers.sample.probes | has("greet__return"))
      and (.providers | has("jvm"))
      and (.providers.observation.probes | keys == ["error", "event", "start", "stop"])' "$usdt" >/dev/null || { fail "unexpected /actuator/usdt: $(cat "$usdt")"; return 1; }
  local greetings_lib sample_lib observation_lib
  greetings_lib=$(jq -r '.providers.greetings.library' "$usdt")
  sample_lib=$(jq -r '.providers.sample.library' "$usdt")
  observation_lib=$(jq -r '.providers.observation.library' "$usdt")
  log "$run: /actuator/usdt lists $(jq -r '[.providers[] | .probes | length] | add' "$usdt") probes of $(jq -r '.providers | keys | join(", ")' "$usdt")"

  # traced by bpftrace: the .d provider through its typed interface, and the @UsdtProbe method
  bpftrace -p "$app_pid" -e "
    usdt:$greetings_lib:greetings:greeted { printf(\"greeted name=%s characters=%ld\\n\", str(arg0), arg1); }
    usdt:$sample_lib:sample:greet__entry { printf(\"greet__entry name=%s times=%d\\n\", str(arg0), arg1); }
    usdt:$sample_lib:sample:greet__return { printf(\"greet__return error=[%s]\\n\", str(arg1)); }
    usdt:$observation_lib:observation:stop /str(arg0) == \"http.server.requests\"/ {
      printf(\"observation:stop %s duration_ns=%ld tags=%s\\n\", str(arg1), arg2, str(arg4)); }
  " >"$tracer_log" 2>&1 &
  tracer_pid=$!
  wait_for 60 "$tracer_log" 'Attaching' || { fail "bpftrace did not attach"; return 1; }
  deadline=$((SECONDS + 60))
  until grep -q 'greet__return error=\[\]' "$tracer_log"; do
    [ $SECONDS -lt $deadline ] || { fail "bpftrace saw no firing in 60 s"; return 1; }
    curl -sSf "http://localhost:$port/greet?name=ada&times=3" >/dev/null
    sleep 0.3
  done
  curl -sSf "http://localhost:$port/actuator/usdt" >"$usdt"
  jq -e '.providers.greetings.probes.greeted.enabled and .providers.sample.probes.greet__entry.enabled' "$usdt" \
    >/dev/null || { fail "/actuator/usdt does not show the traced probes enabled"; return 1; }
  # bpftrace 0.17 now and then misses a single SIGINT and keeps running: repeat it every 10 s
  kill -INT "$tracer_pid"
  (for _ in $(seq 18); do sleep 10; kill -INT "$tracer_pid" 2>/dev/null || exit 0; done) &
  local repeater=$!
  wait "$tracer_pid" || true
  kill "$repeater" 2>/dev/null || true
  wait "$repeater" 2>/dev/null || true
  tracer_pid=
  grep -q 'greeted name=ada characters=9' "$tracer_log" || { fail "greetings:greeted arguments"; return 1; }
  grep -q 'greet__entry name=ada times=3' "$tracer_log" || { fail "sample:greet__entry arguments"; return 1; }
  # the Observation bridge: the served requests, with no code in the sample
  grep -qE '^observation:stop http get /greet duration_ns=[1-9][0-9]* tags=exception=none,method=GET,outcome=SUCCESS,status=200,uri=/greet' \
    "$tracer_log" || { fail "observation:stop of http.server.requests"; return 1; }
  log "$run: bpftrace printed:"
  grep -E '^greet' "$tracer_log" | sort | uniq -c | sed 's/^/  /'
  grep -E '^observation:stop' "$tracer_log" | head -n 1 | sed 's/^/  /'

  # cleaned up at exit
  kill -TERM "$app_pid"
  wait "$app_pid" || true
  app_pid=
  local left
  left=$(find "$libdir" -name '*.so' | wc -l)
  [ "$left" -eq 0 ] || { fail "$left probe libraries left after exit: $(ls "$libdir")"; return 1; }
  [ ! -e "$greetings_lib" ] && [ ! -e "$sample_lib" ] || { fail "probe libraries left after exit"; return 1; }
  if [ "${check_no_native_access_warning:-}" = true ] && grep -q 'restricted method' "$app_log"; then
    fail "JDK 25 printed the restricted-method warning despite Enable-Native-Access"; return 1
  fi
  log "$run: exited, probe libraries deleted"
}

# native_image_fallback NAME JAR JAVA: the AOT build started as Spring starts in a GraalVM native
# image (the property GraalVM sets): it must come up with no-op probes and exactly one WARN
native_image_fallback() {
  run=$1 jar=$2 java=$3
  local app_log=$work/$run.app.log
  start "$app_log" "$java" -Dorg.graalvm.nativeimage.imagecode=runtime -jar "$jar" || return 1
  local warnings
  curl -sSf "http://localhost:$port/actuator/usdt" | jq -e '.backend == "noop" and (.providers | has("sample"))' \
    >/dev/null || { fail "/actuator/usdt does not list no-op probes"; return 1; }
  curl -sSf "http://localhost:$port/greet?name=ada" >/dev/null || { fail "GET /greet"; return 1; }
  warnings=$(grep -c 'cannot be traced in a GraalVM native image yet' "$app_log" || true)
  [ "$warnings" -eq 1 ] || { fail "expected one native-image WARN, found $warnings"; return 1; }
  grep 'native image yet' "$app_log" | sed 's/^.*UsdtRuntime *: /  /'
  kill -TERM "$app_pid"
  wait "$app_pid" || true
  app_pid=
  log "$run: started with no-op probes and one WARN"
}

# check [FUNCTION] NAME ...: counts one run of run_sample (or FUNCTION)
check() {
  local how=run_sample
  if [ "$1" = native_image_fallback ]; then how=$1; shift; fi
  if "$how" "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; app_pid=; fi
}

build() {
  local sample=$1
  shift
  log "building samples/$sample $*"
  if ! mvn -B -q -f "samples/$sample/pom.xml" "${maven_args[@]}" "$@" clean package >"$work/build-$sample.log" 2>&1; then
    log "FAIL build of samples/$sample"
    tail -n 60 "$work/build-$sample.log"
    failed=$((failed + 1))
    return 1
  fi
}

for sample in $samples; do
  jar=samples/$sample/target/sample.jar
  if [ "$sample" = boot-4.1 ]; then
    build "$sample" || continue
  else
    # Spring AOT the way the Boot parent does it: process-aot in the native profile
    build "$sample" -Pnative || continue
  fi
  check "$sample" "$jar" java
  if [ "$sample" != boot-4.1 ]; then
    check "$sample-aot" "$jar" java -Dspring.aot.enabled=true
  fi
  if [ -x "$java25/bin/java" ]; then
    check_no_native_access_warning=true check "$sample-jdk25" "$jar" "$java25/bin/java"
    if [ "$sample" = boot-4.0 ]; then
      # Boot 4 requires Java 25 in a native image
      check native_image_fallback "$sample-native-image-fallback" "$jar" "$java25/bin/java"
    fi
  fi
  if [ "$sample" = boot-4.0 ]; then
    # Compiled without any annotation processor (as on JDK 23+ when none is listed): the typed
    # interface gets its implementation defined at run time, the @UsdtProbe bean a CGLIB proxy and
    # the .d file is parsed at startup; traced all the same
    classes=$work/$sample-without-processors.classes.log
    if build "$sample" -Dmaven.compiler.proc=none; then
      check "$sample-without-processors" "$jar" java "-Xlog:class+load:file=$classes"
      if ! grep -q 'GreetingEvents\$\$UsdtRuntime.*__JVM_LookupDefineClass__' "$classes" 2>/dev/null; then
        log "FAIL $sample-without-processors: the typed interface did not get its runtime-defined class"
        failed=$((failed + 1))
      fi
    fi
  fi
done

echo "samples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
