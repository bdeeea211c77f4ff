package dev.usdt.benchmarks;

import dev.usdt.Probe;
import dev.usdt.ProbeSemaphores;
import dev.usdt.Provider;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;

/**
 * The Java half of the traced benchmark (run-benchmarks.sh): fires {@code bench:two} in a tight
 * loop while a tracer counts the events, and prints how many per second it managed. The C half,
 * src/main/c/traced_loop.c, runs the same loop with {@code <sys/sdt.h>}; the ratio of the two is
 * what the JVM adds above the kernel's uprobe trap.
 *
 * <p>
 * Protocol on stdout: {@code pid=}, {@code library=}, {@code ready}; after a tracer enables the
 * probe (and a settle delay, so the tracer's program is attached too), it fires
 * {@value #TRACED_WARM_UP_FIRES} times unmeasured (the fast guard's flip recompiles the loop),
 * then N times measured, and prints {@code fired N ns=T total=M} (M: every fire, for the count
 * check).
 */
public final class TracedFireLoop {

	/** Fires with the semaphore forced on before the tracer comes, so the measured loop is compiled. */
	private static final int WARM_UP_FIRES = 200_000;

	static final int TRACED_WARM_UP_FIRES = 50_000;

	/** The kernel arms the semaphore a moment before bpftrace has attached its program. */
	private static final long SETTLE_MS = 500;

	private static final long ENABLE_TIMEOUT_MS = 60_000;

	private TracedFireLoop() {
	}

	public static void main(String[] args) throws InterruptedException {
		long count = (args.length > 0) ? Long.parseLong(args[0]) : 500_000;
		try (UsdtRuntime runtime = BenchRuntime.create(UsdtOptions.DEFAULT_MAX_STRING_BYTES)) {
			Provider bench = runtime.register(BenchRuntime.BENCH);
			Probe two = bench.probe("two");
			ProbeSemaphores.overrideForTesting(two, true);
			fireLoop(two, WARM_UP_FIRES);
			fireLoop(two, WARM_UP_FIRES);
			ProbeSemaphores.overrideForTesting(two, false);
			System.out.println("pid=" + runtime.pid());
			System.out.println("library=" + bench.library().orElseThrow());
			System.out.println("ready");
			long deadline = System.currentTimeMillis() + ENABLE_TIMEOUT_MS;
			while (!two.isEnabled()) {
				if (System.currentTimeMillis() > deadline) {
					System.out.println("timeout: no tracer enabled bench:two");
					System.exit(1);
				}
				Thread.sleep(10);
			}
			Thread.sleep(SETTLE_MS);
			fireLoop(two, TRACED_WARM_UP_FIRES);
			long start = System.nanoTime();
			fireLoop(two, count);
			long elapsed = System.nanoTime() - start;
			System.out.println("fired " + count + " ns=" + elapsed + " total=" + (count + TRACED_WARM_UP_FIRES));
		}
	}

	private static void fireLoop(Probe probe, long count) {
		for (long i = 0; i < count; i++) {
			probe.fire(i, count - i);
		}
	}

}
