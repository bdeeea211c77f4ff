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

/**
 * What a probe nobody traces costs (issues 3, 7 and 9): the semaphore read and nothing else, next
 * to what a user would otherwise write: nothing at all, a volatile flag, or a JFR event that is not
 * enabled. Run with {@code -prof gc}: every probe row must allocate 0 B/op.
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
	@ComparedTo({ "emptyMethod", "jfrEventDisabled" })
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

	/** The supplier captures the state, so this allocates unless the JIT inlines fireLazy and scalar-replaces it. */
	@Benchmark
	@ComparedTo({ "emptyMethod", "jfrEventDisabled" })
	public void fireLazy() {
		this.two.fireLazy(() -> new Object[] { this.a, this.b });
	}

	/**
	 * The same disabled {@code fire(long,long)}, but the probe was enabled long enough for the JIT
	 * to profile the enabled branch first (a tracer attached, then left): the cost a service pays
	 * after its first tracing session, and the figure issue 9's guard must bring back down.
	 */
	@Benchmark
	@ComparedTo({ "fireTwoLongs", "jfrEventDisabled" })
	public void fireTwoLongsAfterTracing(WasTraced traced) {
		traced.two.fire(this.a, this.b);
	}

	/** A provider whose probe fired enabled 200,000 times before measurement starts. */
	@State(Scope.Benchmark)
	public static class WasTraced {

		private UsdtRuntime runtime;

		Probe two;

		@Setup(Level.Trial)
		public void enableThenDisable() {
			this.runtime = BenchRuntime.create(UsdtOptions.DEFAULT_MAX_STRING_BYTES);
			this.two = this.runtime.register(BenchRuntime.provider("traced")).probe("two");
			ProbeSemaphores.overrideForTesting(this.two, true);
			for (int i = 0; i < 200_000; i++) {
				this.two.fire(i, i);
			}
			ProbeSemaphores.overrideForTesting(this.two, false);
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

}
