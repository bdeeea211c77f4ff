package dev.usdt.benchmarks;

import java.util.concurrent.TimeUnit;

import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Name;
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
import dev.usdt.Provider;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.backend.BackendKind;

/**
 * What a probe nobody traces costs (issues 3, 7 and 9), next to what a user would otherwise write:
 * nothing at all, a volatile flag, or a JFR event that is not enabled. By default a fire first asks
 * the process-wide fast guard, which the JIT folds to a constant while no probe is enabled;
 * {@code isEnabled()} and the exact mode (no fast guard) read the semaphore every time. Run with
 * {@code -prof gc}: every probe row must allocate 0 B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DisabledProbeBenchmark {

	private UsdtRuntime runtime;

	private Probe two;

	private Probe str;

	private volatile int flag;

	private long a = 42;

	private long b = 4242;

	private String text = "order-0001";

	@Setup(Level.Trial)
	public void register() {
		this.runtime = BenchRuntime.create(UsdtOptions.DEFAULT_MAX_STRING_BYTES);
		Provider bench = this.runtime.register(BenchRuntime.BENCH);
		this.two = bench.probe("two");
		this.str = bench.probe("str");
	}

	@TearDown(Level.Trial)
	public void close() {
		this.runtime.close();
	}

	/** The floor: a call JMH can measure that does nothing. */
	@Benchmark
	public void emptyMethod() {
	}

	/** The naive hand-written guard: a volatile boolean someone flips. */
	@Benchmark
	public int volatileRead() {
		return this.flag;
	}

	/** The JDK's own disabled event: with no recording the JIT folds {@code shouldCommit()} away. */
	@Benchmark
	public void jfrEventDisabled() {
		DisabledEvent event = new DisabledEvent();
		if (event.shouldCommit()) {
			event.a = this.a;
			event.b = this.b;
			event.commit();
		}
	}

	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled", "volatileRead" })
	public boolean isEnabled() {
		return this.two.isEnabled();
	}

	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled" })
	public void fireTwoLongs() {
		this.two.fire(this.a, this.b);
	}

	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled" })
	public void fireStringLong() {
		this.str.fire(this.text, this.a);
	}

	/**
	 * The same call with the probe held the idiomatic way, in a {@code static final} field (like a
	 * logger): the JIT then treats the probe as a constant and folds its argument-shape check too.
	 */
	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled" })
	public void fireTwoLongsStaticFinal() {
		StaticProbes.TWO.fire(this.a, this.b);
	}

	/** The live semaphore of a probe in a {@code static final} field: one raw memory read. */
	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled", "volatileRead" })
	public boolean isEnabledStaticFinal() {
		return StaticProbes.TWO.isEnabled();
	}

	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled" })
	public void fireStringLongStaticFinal() {
		StaticProbes.STR.fire(this.text, this.a);
	}

	/** The supplier captures the state, so this allocates unless the JIT inlines fireLazy and scalar-replaces it. */
	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled" })
	public void fireLazy() {
		this.two.fireLazy(() -> new Object[] { this.a, this.b });
	}

	/**
	 * The same disabled {@code fire(long,long)}, but the probe was enabled long enough for the JIT
	 * to profile and compile the enabled branch first (a tracer attached, then left): issue 9 asks
	 * that the guard re-folds to the never-enabled figure.
	 */
	@Benchmark
	@ComparedTo({ "fireTwoLongs", "jfrEventDisabled" })
	public void fireTwoLongsAfterTracing(WasTraced traced) {
		traced.two.fire(this.a, this.b);
	}

	/** Exact mode: no fast guard, every fire reads the probe's semaphore (the pre-issue-9 path). */
	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled" })
	public void fireTwoLongsExact(Exact exact) {
		exact.two.fire(this.a, this.b);
	}

	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled" })
	public void fireStringLongExact(Exact exact) {
		exact.str.fire(this.text, this.a);
	}

	/**
	 * A provider whose probe fired enabled 200,000 times, then was disabled and left alone until
	 * the watcher turned the fast guard off, before measurement starts.
	 */
	@State(Scope.Benchmark)
	public static class WasTraced {

		/** Longer than the watcher's delay before it turns the guard off (1 s). */
		private static final long GUARD_OFF_WAIT_MS = 2_000;

		private UsdtRuntime runtime;

		Probe two;

		@Setup(Level.Trial)
		public void enableThenDisable() throws InterruptedException {
			this.runtime = BenchRuntime.create(UsdtOptions.DEFAULT_MAX_STRING_BYTES);
			this.two = this.runtime.register(BenchRuntime.provider("traced")).probe("two");
			ProbeSemaphores.overrideForTesting(this.two, true);
			for (int i = 0; i < 200_000; i++) {
				this.two.fire(i, i);
			}
			ProbeSemaphores.overrideForTesting(this.two, false);
			Thread.sleep(GUARD_OFF_WAIT_MS);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.runtime.close();
		}

	}

	/** A runtime in exact mode; while it is registered the fast guard stays on process-wide. */
	@State(Scope.Benchmark)
	public static class Exact {

		private UsdtRuntime runtime;

		Probe two;

		Probe str;

		@Setup(Level.Trial)
		public void register() {
			this.runtime = UsdtRuntime.create(UsdtOptions.defaults()
				.withBackend(BackendKind.STAPSDT)
				.withStrict(true)
				.withFastGuard(false));
			Provider exact = this.runtime.register(BenchRuntime.provider("exact"));
			this.two = exact.probe("two");
			this.str = exact.probe("str");
		}

		@TearDown(Level.Trial)
		public void close() {
			this.runtime.close();
		}

	}

	/** Never enabled: no recording runs in the benchmark JVM, and the type is off even if one did. */
	@Name("dev.usdt.benchmarks.Disabled")
	@Enabled(false)
	static class DisabledEvent extends Event {

		long a;

		long b;

	}

	/** Probes in static finals, registered once per benchmark JVM (closed by its exit). */
	private static final class StaticProbes {

		static final Provider BENCH = BenchRuntime.create(UsdtOptions.DEFAULT_MAX_STRING_BYTES)
			.register(BenchRuntime.BENCH);

		static final Probe TWO = BENCH.probe("two");

		static final Probe STR = BENCH.probe("str");

	}

}
