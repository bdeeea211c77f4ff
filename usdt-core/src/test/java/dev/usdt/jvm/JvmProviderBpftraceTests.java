package dev.usdt.jvm;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.backend.BackendKind;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * End to end with a real tracer: bpftrace attaches to the JVM provider's probes, the test makes
 * the JVM collect garbage and start threads, and checks what bpftrace printed. Also measures how
 * far behind the event's end each probe fires: bpftrace's {@code nsecs} and {@link System#nanoTime}
 * read the same monotonic clock, so the fire time converts to epoch nanoseconds.
 */
class JvmProviderBpftraceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int GCS = 3;

	@TempDir
	Path tempDir;

	private UsdtRuntime runtime;

	private JvmProvider jvm;

	private String library;

	@BeforeEach
	void install() {
		Bpftrace.assumeAvailable();
		this.runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("lib")));
		this.jvm = JvmProvider.install(this.runtime);
		this.library = this.jvm.provider().library().orElseThrow().toString();
	}

	@AfterEach
	void close() {
		if (this.jvm != null) {
			this.jvm.close();
			this.runtime.close();
		}
	}

	@Test
	void bpftraceSeesOneBeginEndPairPerForcedGcWithPoolFigures() throws Exception {
		String program = probe("gc__begin", "printf(\"begin %lu %s %s %lu %lu\\n\", arg0, str(arg1), str(arg2), arg3, nsecs);")
				+ probe("gc__end", "printf(\"end %lu %s %s %lu %lu %lu %lu\\n\", arg0, str(arg1), str(arg2), arg3, arg4, arg5, nsecs);")
				+ probe("mem__pool__gc__begin", "printf(\"pool-before %s|%s|%lu|%lu|%ld|%lu|%lu\\n\", str(arg0), str(arg1), arg2, arg3, arg4, arg5, nsecs);")
				+ probe("mem__pool__gc__end", "printf(\"pool-after %s|%s|%lu|%lu|%ld|%lu|%lu\\n\", str(arg0), str(arg1), arg2, arg3, arg4, arg5, nsecs);");
		long testStart = EpochNanos.of(Instant.now());
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(() -> this.jvm.isRecording() && this.jvm.isListeningForGc(),
					"JFR stream and GC listener started by bpftrace enabling the probes");
			for (int i = 0; i < GCS; i++) {
				System.gc();
			}
			Bpftrace.await(() -> systemGcs(bpftrace.output(), "end").size() >= GCS, TIMEOUT,
					GCS + " gc__end lines for System.gc(): " + bpftrace.output());
			// JFR delivers about once a second: wait for any stragglers, then look at everything
			Thread.sleep(1500);
			List<String> lines = bpftrace.stop();
			long offset = epochMinusMonotonic();
			Map<Long, List<String>> begins = systemGcs(lines, "begin");
			Map<Long, List<String>> ends = systemGcs(lines, "end");
			assertThat(begins.keySet()).hasSize(GCS).isEqualTo(ends.keySet());
			List<Long> lags = new ArrayList<>();
			for (long gcId : ends.keySet()) {
				assertThat(begins.get(gcId)).hasSize(1);
				assertThat(ends.get(gcId)).hasSize(1);
				String[] begin = begins.get(gcId).get(0).split(" ");
				String[] end = ends.get(gcId).get(0).split(" ");
				long start = Long.parseLong(end[4]);
				long duration = Long.parseLong(end[5]);
				assertThat(begin[4]).isEqualTo(end[4]);
				assertThat(start).isBetween(testStart, EpochNanos.of(Instant.now()));
				assertThat(duration).isBetween(1L, TimeUnit.SECONDS.toNanos(10));
				assertThat(Long.parseLong(end[6])).isBetween(0L, duration);
				lags.add(Long.parseLong(end[7]) + offset - (start + duration));
			}
			List<String[]> before = pools(lines, "pool-before");
			List<String[]> after = pools(lines, "pool-after");
			assertThat(before).isNotEmpty().hasSameSizeAs(after);
			for (String[] pool : after) {
				long used = Long.parseLong(pool[2]);
				long committed = Long.parseLong(pool[3]);
				long max = Long.parseLong(pool[4]);
				assertThat(used).isLessThanOrEqualTo(committed);
				assertThat(max).satisfiesAnyOf((m) -> assertThat(m).isEqualTo(-1L),
						(m) -> assertThat(m).isGreaterThanOrEqualTo(committed));
			}
			assertThat(after).extracting((pool) -> pool[1]).anyMatch((name) -> name.contains("Old") || name.contains("Tenured"));
			// a notification fires every pool's before line, then every pool's after line, in the same order
			Map<Long, Long> poolLags = new LinkedHashMap<>();
			for (int i = 0; i < after.size(); i++) {
				long end = Long.parseLong(before.get(i)[5]) + Long.parseLong(after.get(i)[5]);
				poolLags.putIfAbsent(end, Long.parseLong(after.get(i)[6]) + offset - end);
			}
			System.out.println("JVM provider lag behind the event's end: gc__end " + millis(lags)
					+ "; mem__pool__gc__end (millisecond times) " + millis(List.copyOf(poolLags.values())));
			assertThat(lags).allSatisfy((lag) -> assertThat(lag).isBetween(0L, TimeUnit.SECONDS.toNanos(5)));
			assertThat(poolLags.values()).allSatisfy((lag) -> assertThat(lag).isBetween(-TimeUnit.MILLISECONDS.toNanos(2),
					TimeUnit.SECONDS.toNanos(5)));
		}
		Bpftrace.await(() -> !this.jvm.isRecording() && !this.jvm.isListeningForGc(), TIMEOUT,
				"JFR stream and GC listener stopped after bpftrace exits");
		assertThat(FlightRecorder.getFlightRecorder().getRecordings()).isEmpty();
	}

	@Test
	void bpftraceSeesStartAndEndOfPlatformThreadsTheTestCreates() throws Exception {
		List<String> lines = traceThreads((name) -> {
			Thread thread = new Thread(() -> {
			}, name);
			thread.start();
			return thread;
		}, "usdt-jvm-platform-");
		assertThat(lines).allSatisfy((line) -> assertThat(line).endsWith(" 0"));
	}

	@Test
	void bpftraceSeesStartAndEndOfVirtualThreadsOnJdk21AndLater() throws Exception {
		assumeThat(Runtime.version().feature()).as("virtual threads need JDK 21").isGreaterThanOrEqualTo(21);
		// Through the public Thread.Builder interface: this code compiles for Java 17
		Method ofVirtual = Thread.class.getMethod("ofVirtual");
		Class<?> builderType = Class.forName("java.lang.Thread$Builder");
		Method named = builderType.getMethod("name", String.class);
		Method start = builderType.getMethod("start", Runnable.class);
		List<String> lines = traceThreads((name) -> {
			try {
				Object builder = named.invoke(ofVirtual.invoke(null), name);
				return (Thread) start.invoke(builder, (Runnable) () -> {
				});
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}, "usdt-jvm-virtual-");
		assertThat(lines).allSatisfy((line) -> assertThat(line).endsWith(" 1"));
	}

	/**
	 * Starts three threads named {@code prefix + i} under bpftrace, joins them, and returns the
	 * start and end lines printed for them, each as {@code start|end name java_tid start_ns fired_nsecs virtual}.
	 */
	private List<String> traceThreads(ThreadStarter starter, String prefix) throws Exception {
		String format = "\"%s %s %lu %lu %lu %u\\n\", str(arg0), arg1, arg4, nsecs, arg3";
		String program = probe("thread__start", "printf(" + format.replace("%s %s", "start %s") + ");")
				+ probe("thread__end", "printf(" + format.replace("%s %s", "end %s") + ");");
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(this.jvm::isRecording, "JFR stream started by bpftrace enabling the thread probes");
			Map<String, Long> ids = new LinkedHashMap<>();
			for (int i = 0; i < 3; i++) {
				Thread thread = starter.start(prefix + i);
				thread.join();
				ids.put(prefix + i, thread.getId());
			}
			Bpftrace.await(() -> ours(bpftrace.output(), prefix).size() >= 6, TIMEOUT,
					"start and end of 3 threads: " + bpftrace.output());
			List<String> lines = ours(bpftrace.stop(), prefix);
			long offset = epochMinusMonotonic();
			List<Long> lags = lines.stream().map((line) -> line.split(" "))
				.map((fields) -> Long.parseLong(fields[4]) + offset - Long.parseLong(fields[3]))
				.toList();
			System.out.println("JVM provider lag behind the event: " + prefix + " thread probes " + millis(lags));
			List<String> expected = new ArrayList<>();
			ids.forEach((name, id) -> {
				expected.add("start " + name + " " + id);
				expected.add("end " + name + " " + id);
			});
			assertThat(lines).map((line) -> String.join(" ", List.of(line.split(" ")).subList(0, 3)))
				.containsExactlyInAnyOrderElementsOf(expected);
			return lines;
		}
	}

	@FunctionalInterface
	private interface ThreadStarter {

		Thread start(String name);

	}

	private String probe(String name, String action) {
		return "usdt:" + this.library + ":jvm:" + name + " { " + action + " } ";
	}

	private static List<String> ours(List<String> lines, String prefix) {
		return lines.stream().filter((line) -> line.split(" ")[1].startsWith(prefix)).toList();
	}

	/** The lines of one kind for collections caused by System.gc(), by GC id. */
	private static Map<Long, List<String>> systemGcs(List<String> lines, String kind) {
		return lines.stream()
			.filter((line) -> line.startsWith(kind + " ") && line.contains(" System.gc() "))
			.collect(Collectors.groupingBy((line) -> Long.parseLong(line.split(" ")[1]), LinkedHashMap::new,
					Collectors.toList()));
	}

	private static List<String[]> pools(List<String> lines, String kind) {
		return lines.stream()
			.filter((line) -> line.startsWith(kind + " "))
			.map((line) -> line.substring(kind.length() + 1).split("\\|"))
			.toList();
	}

	/** Epoch nanoseconds minus the monotonic clock bpftrace's nsecs reads, best of a few tries. */
	private static long epochMinusMonotonic() {
		long best = Long.MAX_VALUE;
		long offset = 0;
		for (int i = 0; i < 5; i++) {
			long before = System.nanoTime();
			long epoch = EpochNanos.of(Instant.now());
			long after = System.nanoTime();
			if (after - before < best) {
				best = after - before;
				offset = epoch - (before + after) / 2;
			}
		}
		return offset;
	}

	private static String millis(List<Long> lags) {
		return lags.stream().map((lag) -> String.format("%.1f ms", lag / 1e6)).collect(Collectors.joining(", "));
	}

}
