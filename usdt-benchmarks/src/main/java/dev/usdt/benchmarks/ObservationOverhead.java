package dev.usdt.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

import io.micrometer.observation.ObservationRegistry;

/**
 * What the untraced Observation bridge adds per observation, measured in this thread's CPU time
 * rather than wall time: on a machine shared with other work, wall-clock benchmarks (JMH's
 * average time included) count the time the thread waits for a core, which swamps a difference
 * of a few nanoseconds. The registries are {@link ObservationBenchmark}'s; each round runs a block
 * of observations on the registry without the bridge and a block on the one with it, in
 * alternating order, and the result is the median over the rounds of the per-observation
 * difference.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp usdt-benchmarks/target/benchmarks.jar dev.usdt.benchmarks.ObservationOverhead
 * </pre>
 */
public final class ObservationOverhead {

	private static final int WARMUP_ROUNDS = 20;

	private static final int ROUNDS = 41;

	private static final int BLOCK = 100_000;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** Keeps the observations observable, so the JIT cannot drop them. */
	private static int sink;

	private ObservationOverhead() {
	}

	public static void main(String[] args) {
		ObservationBenchmark.Untraced state = new ObservationBenchmark.Untraced();
		state.register();
		try {
			compare("Boot's metrics handler, the bridge as the starter sets it up", state.bootDefaults,
					state.bootDefaultsWithBridge);
			compare("Boot's metrics handler, the handler registered (after a first trace)", state.bootDefaults,
					state.bootDefaultsWithHandler);
			compare("an idle handler, the handler registered", state.idle, state.idleWithHandler);
			compare("an idle handler (control: a second handler that declines)", state.idle, state.idleWithDeclining);
		}
		finally {
			state.close();
		}
		// last: forcing the semaphores turns the process-wide fast guard on for good
		ObservationBenchmark.Enabled enabled = new ObservationBenchmark.Enabled();
		enabled.register();
		try {
			compare("Boot's metrics handler, the bridge's probes enabled (no tracer)", enabled.bootDefaults,
					enabled.bootDefaultsWithBridge);
		}
		finally {
			enabled.close();
		}
		System.out.println("(sink " + sink + ")");
	}

	private static void compare(String what, ObservationRegistry without, ObservationRegistry with) {
		for (int i = 0; i < WARMUP_ROUNDS; i++) {
			block(without);
			block(with);
		}
		double[] withoutNanos = new double[ROUNDS];
		double[] withNanos = new double[ROUNDS];
		double[] added = new double[ROUNDS];
		for (int round = 0; round < ROUNDS; round++) {
			boolean withFirst = (round % 2) == 1;
			double first = block(withFirst ? with : without);
			double second = block(withFirst ? without : with);
			withoutNanos[round] = withFirst ? second : first;
			withNanos[round] = withFirst ? first : second;
			added[round] = withNanos[round] - withoutNanos[round];
		}
		System.out.printf(Locale.ROOT, "%s: without the bridge %.1f ns, with it %.1f ns, added %+.1f ns per observation "
				+ "(median of %d rounds of %,d; middle half of the differences %+.1f to %+.1f ns)%n", what,
				median(withoutNanos), median(withNanos), median(added), ROUNDS, BLOCK, quantile(added, 0.25),
				quantile(added, 0.75));
	}

	/** CPU nanoseconds per observation over one block. */
	private static double block(ObservationRegistry registry) {
		long start = THREADS.getCurrentThreadCpuTime();
		for (int i = 0; i < BLOCK; i++) {
			sink += ObservationBenchmark.observe(registry).getContext().getName().length();
		}
		return (double) (THREADS.getCurrentThreadCpuTime() - start) / BLOCK;
	}

	private static double median(double[] values) {
		return quantile(values, 0.5);
	}

	private static double quantile(double[] values, double q) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[(int) Math.round(q * (sorted.length - 1))];
	}

}
