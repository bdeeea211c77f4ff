package dev.usdt.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.usdt.Probe;
import dev.usdt.ProbeSemaphores;
import dev.usdt.UsdtRuntime;
import dev.usdt.observation.ObservationProbes;
import dev.usdt.observation.UsdtObservationBridge;
import dev.usdt.observation.UsdtObservationHandler;

/**
 * What the Observation bridge adds to every observation (issue 17): one observation with two tags,
 * started and stopped, on a registry with Spring Boot's default handler (the metrics group, a
 * {@code DefaultMeterObservationHandler} on a {@code SimpleMeterRegistry} wrapped as Boot wraps it)
 * without and with the bridge as the starter sets it up ({@link UsdtObservationBridge}, which adds
 * {@link UsdtObservationHandler} once a probe of the process may be enabled): untraced, with some
 * other probe of the process traced (the fast guard on: the handler has joined and reads its four
 * semaphores), and with the bridge's probes enabled (semaphores forced, no tracer: the Java side of
 * a traced observation, without the kernel's trap). Beside them the handler registered by hand
 * (what it costs once it has joined), and the same on a registry whose only other handler does
 * nothing, where a handler's share is not lost in the noise of the metrics.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ObservationBenchmark {

	private static final KeyValue METHOD = KeyValue.of("method", "GET");

	private static final KeyValue URI = KeyValue.of("uri", "/orders/{id}");

	@Benchmark
	public Observation bootDefaults(Untraced state) {
		return observe(state.bootDefaults);
	}

	@Benchmark
	@ComparedTo("bootDefaults")
	public Observation bootDefaultsWithBridge(Untraced state) {
		return observe(state.bootDefaultsWithBridge);
	}

	/** The handler in the registry from the start: after the first trace, or added by hand. */
	@Benchmark
	@ComparedTo("bootDefaults")
	public Observation bootDefaultsWithHandler(Untraced state) {
		return observe(state.bootDefaultsWithHandler);
	}

	@Benchmark
	@ComparedTo("bootDefaults")
	public Observation bootDefaultsWithBridgeOtherProbeTraced(OtherProbeTraced state) {
		return observe(state.bootDefaultsWithBridge);
	}

	@Benchmark
	@ComparedTo("bootDefaults")
	public Observation bootDefaultsWithBridgeEnabled(Enabled state) {
		return observe(state.bootDefaultsWithBridge);
	}

	@Benchmark
	public Observation idleHandler(Untraced state) {
		return observe(state.idle);
	}

	@Benchmark
	@ComparedTo("idleHandler")
	public Observation idleHandlerWithBridge(Untraced state) {
		return observe(state.idleWithBridge);
	}

	@Benchmark
	@ComparedTo("idleHandler")
	public Observation idleHandlerWithHandler(Untraced state) {
		return observe(state.idleWithHandler);
	}

	/**
	 * The control: a second handler that declines every observation. Micrometer sizes each
	 * observation's handler list by the number of handlers registered, so any second handler costs
	 * what this one costs in bytes, whatever it does.
	 */
	@Benchmark
	@ComparedTo("idleHandler")
	public Observation idleHandlerWithDecliningHandler(Untraced state) {
		return observe(state.idleWithDeclining);
	}

	static Observation observe(ObservationRegistry registry) {
		Observation observation = Observation.createNotStarted("http.server.requests", registry)
			.lowCardinalityKeyValue(METHOD)
			.lowCardinalityKeyValue(URI)
			.start();
		observation.stop();
		return observation;
	}

	/** The registries, with the {@code observation} provider registered and untraced. */
	@State(Scope.Benchmark)
	public static class Untraced {

		UsdtRuntime runtime;

		ObservationProbes probes;

		ObservationRegistry bootDefaults;

		ObservationRegistry bootDefaultsWithBridge;

		ObservationRegistry bootDefaultsWithHandler;

		ObservationRegistry idle;

		ObservationRegistry idleWithBridge;

		ObservationRegistry idleWithHandler;

		UsdtObservationBridge bridge;

		ObservationRegistry idleWithDeclining;

		@Setup(Level.Trial)
		public void register() {
			this.runtime = BenchRuntime.create(256);
			this.probes = ObservationProbes.register(this.runtime);
			UsdtObservationHandler handler = new UsdtObservationHandler(this.probes);
			this.bootDefaults = registry(metrics());
			this.bootDefaultsWithBridge = registry(metrics());
			this.bootDefaultsWithHandler = registry(metrics(), handler);
			this.idle = registry(new IdleHandler());
			this.idleWithBridge = registry(new IdleHandler());
			this.idleWithHandler = registry(new IdleHandler(), handler);
			this.bridge = UsdtObservationBridge.joinWhenTraced(handler, this.bootDefaultsWithBridge, this.idleWithBridge);
			this.idleWithDeclining = registry(new IdleHandler(), new DecliningHandler());
		}

		@TearDown(Level.Trial)
		public void close() {
			this.runtime.close();
		}

		/** Spring Boot registers its metrics handlers as one first-matching group. */
		private static ObservationHandler<?> metrics() {
			return new FirstMatchingCompositeObservationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
		}

		private static ObservationRegistry registry(ObservationHandler<?>... handlers) {
			ObservationRegistry registry = ObservationRegistry.create();
			for (ObservationHandler<?> handler : handlers) {
				registry.observationConfig().observationHandler(handler);
			}
			return registry;
		}

	}

	/** A probe of another provider is enabled: the fast guard is on, the bridge's probes are not. */
	@State(Scope.Benchmark)
	public static class OtherProbeTraced extends Untraced {

		@Override
		@Setup(Level.Trial)
		public void register() {
			super.register();
			ProbeSemaphores.overrideForTesting(this.runtime.register(BenchRuntime.BENCH).probe("zero"), true);
			awaitJoined(this.bridge);
		}

	}

	/** Every probe of the bridge is enabled: start and stop fire on each observation. */
	@State(Scope.Benchmark)
	public static class Enabled extends Untraced {

		@Override
		@Setup(Level.Trial)
		public void register() {
			super.register();
			for (Probe probe : this.probes.provider().probes()) {
				ProbeSemaphores.overrideForTesting(probe, true);
			}
			awaitJoined(this.bridge);
		}

	}

	/** The semaphore watcher turns the guard on within its interval; the bridge joins then. */
	static void awaitJoined(UsdtObservationBridge bridge) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!bridge.hasJoined()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the bridge did not join within 5 s of a probe being enabled");
			}
			Thread.onSpinWait();
		}
	}

	/** A handler that takes part in no observation. */
	static final class DecliningHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return false;
		}

	}

	/** A handler that takes every observation and does nothing with it. */
	static final class IdleHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
