package dev.usdt.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;

import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.backend.BackendKind;
import dev.usdt.testsupport.Bpftrace;

/**
 * One real stapsdt provider for the handler's bpftrace tests (registered once per JVM, strict, so
 * a test never silently fires no-op probes), and observation registries built the way Spring Boot
 * builds them: the tracing group, then the metrics group, then every other handler in order.
 */
final class ObservationFixture {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static ObservationProbes probes;

	final SimpleTracer tracer = new SimpleTracer();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** The shared provider {@code obs_test}; the runtime lives as long as the test JVM. */
	static synchronized ObservationProbes probes() {
		if (probes == null) {
			UsdtRuntime runtime = UsdtRuntime
				.create(UsdtOptions.defaults().withBackend(BackendKind.STAPSDT).withStrict(true));
			probes = ObservationProbes.register(runtime, "obs_test");
		}
		return probes;
	}

	/** {@code usdt:LIBRARY:obs_test:PROBE { BODY }} */
	static String clause(String probe, String body) {
		String library = probes().provider().library().orElseThrow().toString();
		return "usdt:" + library + ":obs_test:" + probe + " { " + body + " } ";
	}

	static Bpftrace attach(String program, String... probeNames) throws Exception {
		Bpftrace bpftrace = Bpftrace.attach(ProcessHandle.current().pid(), program);
		bpftrace.awaitCondition(() -> List.of(probeNames).stream()
			.allMatch((name) -> probes().provider().probe(name).isEnabled()), "semaphores set by bpftrace");
		return bpftrace;
	}

	/** Waits until no probe of the provider is enabled, so a test starts untraced. */
	static void awaitUntraced() throws InterruptedException {
		Bpftrace.await(() -> !probes().anyEnabled(), TIMEOUT, "semaphores cleared after bpftrace exits");
	}

	/** A registry with tracing and metrics as Spring Boot registers them, then {@code others}. */
	ObservationRegistry registry(ObservationHandler<?>... others) {
		ObservationRegistry registry = ObservationRegistry.create();
		List<ObservationHandler<?>> handlers = new ArrayList<>();
		handlers.add(new FirstMatchingCompositeObservationHandler(new DefaultTracingObservationHandler(this.tracer)));
		handlers.add(new FirstMatchingCompositeObservationHandler(new DefaultMeterObservationHandler(this.meters)));
		handlers.addAll(List.of(others));
		handlers.forEach(registry.observationConfig()::observationHandler);
		return registry;
	}

}
