package dev.usdt.observation;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import org.junit.jupiter.api.Test;

import dev.usdt.testsupport.Bpftrace;

import static dev.usdt.observation.ObservationFixture.TIMEOUT;
import static dev.usdt.observation.ObservationFixture.clause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler under a real {@code bpftrace}: what each probe carries, what an untraced or
 * half-seen observation does, and that nothing of an observation outlives it.
 */
class UsdtObservationHandlerBpftraceTests extends TracedObservationTests {

	private final ObservationFixture fixture = new ObservationFixture();

	@Test
	void bpftraceReadsEveryProbesArgumentsWithTheIdsOfMicrometerTracing() throws Exception {
		String program = clause("start", "printf(\"start|%s|%s|%s|%s|%s\\n\", str(arg0), str(arg1), str(arg2), str(arg3), str(arg4));")
				+ clause("event", "printf(\"event|%s|%s|%s\\n\", str(arg0), str(arg1), str(arg2));")
				+ clause("error", "printf(\"error|%s|%s|%s|%s\\n\", str(arg0), str(arg1), str(arg2), str(arg3));")
				+ clause("stop", "printf(\"stop|%s|%s|%ld|%s|%s|%s\\n\", str(arg0), str(arg1), arg2, str(arg3), str(arg4), str(arg5));");
		ObservationRegistry registry = this.fixture.registry(this.handler);
		List<String> lines;
		try (Bpftrace bpftrace = ObservationFixture.attach(program, "start", "stop", "error", "event")) {
			Observation order = Observation.createNotStarted("orders.place", registry)
				.contextualName("place order")
				.lowCardinalityKeyValue("outcome", "SUCCESS")
				.lowCardinalityKeyValue("method", "POST")
				.highCardinalityKeyValue("order.id", "A-1001")
				.start();
			try (Observation.Scope scope = order.openScope()) {
				Observation stock = Observation.createNotStarted("stock.reserve", registry)
					.lowCardinalityKeyValue("sku", "A-1")
					.start();
				stock.event(Observation.Event.of("reserved"));
				stock.error(new IllegalStateException("out of stock"));
				Thread.sleep(20);
				stock.stop();
			}
			order.stop();
			lines = bpftrace.awaitLines(6, TIMEOUT);
		}
		SimpleSpan orderSpan = this.fixture.tracer.getSpans().getFirst();
		SimpleSpan stockSpan = this.fixture.tracer.getSpans().getLast();
		String traceId = orderSpan.getTraceId();
		assertThat(traceId).isNotEmpty().isEqualTo(stockSpan.getTraceId());
		assertThat(stockSpan.getSpanId()).isNotEqualTo(orderSpan.getSpanId());
		assertThat(lines).hasSize(6);
		assertThat(lines.subList(0, 4)).containsExactly(
				"start|orders.place|place order|method=POST,outcome=SUCCESS|" + traceId + "|" + orderSpan.getSpanId(),
				"start|stock.reserve||sku=A-1|" + traceId + "|" + stockSpan.getSpanId(),
				"event|stock.reserve||reserved",
				"error|stock.reserve||java.lang.IllegalStateException|out of stock");
		String[] stockStop = lines.get(4).split("\\|", -1);
		assertThat(stockStop).containsExactly("stop", "stock.reserve", "", stockStop[3], "java.lang.IllegalStateException",
				"sku=A-1", traceId);
		assertThat(Long.parseLong(stockStop[3])).isGreaterThanOrEqualTo(20_000_000L).isLessThan(TIMEOUT.toNanos());
		String[] orderStop = lines.get(5).split("\\|", -1);
		assertThat(orderStop).containsExactly("stop", "orders.place", "place order", orderStop[3], "",
				"method=POST,outcome=SUCCESS", traceId);
		assertThat(Long.parseLong(orderStop[3])).isGreaterThan(Long.parseLong(stockStop[3]));
	}

	@Test
	void withoutMicrometerTracingSpansTheIdsAreEmpty() throws Exception {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(this.handler);
		List<String> lines;
		try (Bpftrace bpftrace = ObservationFixture.attach(
				clause("start", "printf(\"start|%s|%s|%s\\n\", str(arg0), str(arg3), str(arg4));"), "start")) {
			Observation.start("untraced.work", registry).stop();
			lines = bpftrace.awaitLines(1, TIMEOUT);
		}
		assertThat(lines).containsExactly("start|untraced.work||");
	}

	@Test
	void untracedObservationsNeverReachTheHandlerAndLeaveNothingInTheirContext() {
		ObservationRegistry registry = this.fixture.registry(this.handler);
		Observation observation = Observation.start("untraced.work", registry);
		assertThat(this.handler.supportsContext(observation.getContext())).isFalse();
		assertThat(observation.getContext().containsKey(UsdtObservationHandler.StartNanos.class)).isFalse();
		observation.stop();
		assertThat(this.fixture.meters.get("untraced.work").timer().count()).isEqualTo(1);
	}

	@Test
	void hostileTagValuesReachTheTracerEscapedOnOneLineWithTheTagsAfterThem() throws Exception {
		ObservationRegistry registry = this.fixture.registry(this.handler);
		List<String> lines;
		try (Bpftrace bpftrace = ObservationFixture.attach(clause("stop", "printf(\"stop|%s\\n\", str(arg4));"),
				"stop")) {
			Observation.createNotStarted("hostile.tags", registry)
				.lowCardinalityKeyValue("aa", "first")
				.lowCardinalityKeyValue("user", "a,b=c\\d\ne\0f")
				.lowCardinalityKeyValue("zz", "last")
				.start()
				.stop();
			lines = bpftrace.awaitLines(1, TIMEOUT);
		}
		assertThat(lines).containsExactly("stop|aa=first,user=a\\,b\\=c\\\\d\\x0ae\\x00f,zz=last");
	}

	@Test
	void anObservationStartedBeforeTheTracerAttachedFiresNoStop() throws Exception {
		ObservationRegistry registry = this.fixture.registry(this.handler);
		Observation before = Observation.start("before.attach", registry);
		List<String> lines;
		try (Bpftrace bpftrace = ObservationFixture.attach(
				clause("stop", "printf(\"stop|%s|%ld\\n\", str(arg0), arg2);"), "stop")) {
			before.stop();
			// stop without start, straight to the handler: no duration to report, and no failure
			Observation.Context direct = new Observation.Context();
			direct.setName("direct.stop");
			this.handler.onStop(direct);
			Observation.start("after.attach", registry).stop();
			lines = bpftrace.awaitLines(1, TIMEOUT);
			Thread.sleep(Bpftrace.SETTLE.toMillis());
			lines = bpftrace.output();
		}
		assertThat(lines).hasSize(1).allSatisfy((line) -> assertThat(line).startsWith("stop|after.attach|"));
		assertThat(this.fixture.meters.get("before.attach").timer().count()).isEqualTo(1);
	}

	@Test
	void tracedObservationsLeaveNothingBehindOnceStopped() throws Exception {
		ObservationRegistry registry = this.fixture.registry(this.handler);
		List<WeakReference<Observation.Context>> contexts = new ArrayList<>();
		try (Bpftrace bpftrace = ObservationFixture.attach(clause("stop", "@stops = count();"), "stop")) {
			for (int i = 0; i < 100; i++) {
				Observation observation = Observation.start("leak.check", registry);
				try (Observation.Scope scope = observation.openScope()) {
					observation.event(Observation.Event.of("step"));
				}
				observation.stop();
				assertThat(observation.getContext().containsKey(UsdtObservationHandler.StartNanos.class)).isFalse();
				contexts.add(new WeakReference<>(observation.getContext()));
			}
			assertThat(bpftrace.stop()).contains("@stops: 100");
		}
		assertThat(registry.getCurrentObservation()).isNull();
		Bpftrace.await(() -> {
			System.gc();
			return contexts.stream().allMatch((context) -> context.get() == null);
		}, TIMEOUT, "every observation context to be collected");
	}

}
