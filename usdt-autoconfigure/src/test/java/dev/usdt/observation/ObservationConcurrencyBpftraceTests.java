package dev.usdt.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import org.junit.jupiter.api.Test;

import dev.usdt.testsupport.Bpftrace;

import static dev.usdt.observation.ObservationFixture.TIMEOUT;
import static dev.usdt.observation.ObservationFixture.clause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many observations at once, on platform threads, on virtual threads (JDK 21 and later) and handed
 * from one thread to another, under a real {@code bpftrace}: each is timed from its own start, and
 * the metrics and tracing handlers beside this one see and record exactly what they would without it.
 */
class ObservationConcurrencyBpftraceTests extends TracedObservationTests {

	private static final int THREADS = 8;

	private static final int PER_THREAD = 25;

	@Test
	void concurrentObservationsOnPlatformThreadsAreEachTimedFromTheirOwnStart() throws Exception {
		ExecutorService platform = Executors.newFixedThreadPool(THREADS);
		try {
			assertTimedConcurrently(platform, "platform");
		}
		finally {
			platform.shutdown();
		}
	}

	@Test
	void concurrentObservationsOnVirtualThreadsAreEachTimedFromTheirOwnStart() throws Exception {
		ExecutorService virtual = virtualThreadPerTask();
		if (virtual == null) {
			// JDK 17: no virtual threads to run on, said in the report rather than silently passed
			org.junit.jupiter.api.Assumptions.abort("virtual threads need JDK 21 or later, this is "
					+ Runtime.version());
		}
		try {
			assertTimedConcurrently(virtual, "virtual");
		}
		finally {
			virtual.shutdown();
		}
	}

	/**
	 * Every observation sleeps a known time between start and stop, half of them stopped on another
	 * thread than the one that started them; bpftrace prints each stop's contextual name and duration.
	 */
	private void assertTimedConcurrently(ExecutorService threads, String kind) throws Exception {
		ObservationFixture fixture = new ObservationFixture();
		ObservationRegistry registry = fixture.registry(this.handler);
		ExecutorService handOff = Executors.newFixedThreadPool(2);
		List<String> lines;
		try (Bpftrace bpftrace = ObservationFixture.attach(
				clause("stop", "printf(\"%s %ld\\n\", str(arg1), arg2);"), "stop")) {
			List<Future<?>> running = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				running.add(threads.submit(() -> {
					for (int i = 0; i < PER_THREAD; i++) {
						int sleepMillis = 1 + (thread + i) % 7;
						Observation observation = Observation.createNotStarted(kind + ".work", registry)
							.contextualName(kind + "-" + thread + "-" + i + "-" + sleepMillis)
							.start();
						sleep(sleepMillis);
						if (i % 2 == 0) {
							observation.stop();
						}
						else {
							CompletableFuture.runAsync(observation::stop, handOff).join();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : running) {
				future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			lines = bpftrace.awaitLines(THREADS * PER_THREAD, TIMEOUT);
		}
		finally {
			handOff.shutdown();
		}
		assertThat(lines).hasSize(THREADS * PER_THREAD);
		Map<String, Long> durations = lines.stream()
			.map((line) -> line.split(" "))
			.collect(Collectors.toMap((fields) -> fields[0], (fields) -> Long.parseLong(fields[1])));
		assertThat(durations).hasSize(THREADS * PER_THREAD);
		durations.forEach((name, nanos) -> {
			long sleptNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(name.substring(name.lastIndexOf('-') + 1)));
			assertThat(nanos).as(name).isGreaterThanOrEqualTo(sleptNanos).isLessThan(sleptNanos + TIMEOUT.toNanos());
		});
		Timer timer = fixture.meters.get(kind + ".work").timer();
		assertThat(timer.count()).isEqualTo(THREADS * PER_THREAD);
		assertThat(fixture.tracer.getSpans()).hasSize(THREADS * PER_THREAD)
			.allSatisfy((span) -> assertThat(span.getEndTimestamp()).isAfter(span.getStartTimestamp()));
		assertThat(registry.getCurrentObservation()).isNull();
	}

	@Test
	void metricsAndTracingHandlersSeeTheSameCallsInTheSameOrderWithTheSameResults() throws Exception {
		ObservationFixture without = new ObservationFixture();
		ObservationFixture with = new ObservationFixture();
		CallRecorder withoutFirst = new CallRecorder("first");
		CallRecorder withoutLast = new CallRecorder("last");
		CallRecorder withFirst = new CallRecorder("first");
		CallRecorder withLast = new CallRecorder("last");
		ObservationRegistry plain = without.registry(withoutFirst, withoutLast);
		ObservationRegistry bridged = with.registry(withFirst, this.handler, withLast);
		String every = clause("start", "@s = count();") + clause("stop", "@p = count();")
				+ clause("error", "@e = count();") + clause("event", "@v = count();");
		List<String> counts;
		try (Bpftrace bpftrace = ObservationFixture.attach(every, "start", "stop", "error", "event")) {
			exercise(plain);
			exercise(bridged);
			counts = bpftrace.stop();
		}
		assertThat(counts).contains("@s: 2", "@p: 2", "@e: 1", "@v: 1");
		assertThat(withFirst.calls).isEqualTo(withoutFirst.calls).isNotEmpty();
		assertThat(withLast.calls).isEqualTo(withoutLast.calls).isNotEmpty();
		assertThat(meters(with)).isEqualTo(meters(without)).isNotEmpty();
		assertThat(spans(with)).isEqualTo(spans(without)).isNotEmpty();
	}

	/** A request with a nested call that fails, an event and scopes: every callback a handler gets. */
	private static void exercise(ObservationRegistry registry) {
		Observation request = Observation.createNotStarted("http.server.requests", registry)
			.contextualName("GET /orders/{id}")
			.lowCardinalityKeyValue("uri", "/orders/{id}")
			.start();
		try (Observation.Scope scope = request.openScope()) {
			Observation call = Observation.createNotStarted("stock.check", registry).start();
			call.event(Observation.Event.of("cache.miss"));
			call.error(new IllegalStateException("stock service down"));
			call.stop();
		}
		request.lowCardinalityKeyValue("status", "503");
		request.stop();
	}

	private static List<String> meters(ObservationFixture fixture) {
		return fixture.meters.getMeters().stream()
			.map((meter) -> meter.getId().getName() + meter.getId().getTags() + " count="
					+ ((meter instanceof Timer timer) ? timer.count() : -1))
			.sorted()
			.toList();
	}

	private static List<String> spans(ObservationFixture fixture) {
		return fixture.tracer.getSpans().stream().map(ObservationConcurrencyBpftraceTests::describe).toList();
	}

	private static String describe(SimpleSpan span) {
		return span.getName() + " " + span.getTags() + " "
				+ span.getEvents().stream().map(Map.Entry::getValue).toList() + " "
				+ ((span.getError() != null) ? span.getError().getMessage() : "no error")
				+ " parent=" + !span.getParentId().isEmpty();
	}

	private static ExecutorService virtualThreadPerTask() {
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Records each callback as {@code label:callback:observation}, in order. */
	private static final class CallRecorder implements ObservationHandler<Observation.Context> {

		private final String label;

		final List<String> calls = new ArrayList<>();

		CallRecorder(String label) {
			this.label = label;
		}

		private void record(String callback, Observation.Context context) {
			this.calls.add(this.label + ":" + callback + ":" + context.getName());
		}

		@Override
		public void onStart(Observation.Context context) {
			record("start", context);
		}

		@Override
		public void onError(Observation.Context context) {
			record("error", context);
		}

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
			record("event " + event.getName(), context);
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			record("scope-opened", context);
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			record("scope-closed", context);
		}

		@Override
		public void onStop(Observation.Context context) {
			record("stop", context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
