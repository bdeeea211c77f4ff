package dev.usdt;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * Measures what the fast guard costs the JIT: a hot loop fires a disabled probe while the guard is
 * flipped on and off {@code CYCLES} times (semaphore overrides stand in for a tracer attaching and
 * detaching). Run it under JFR and count {@code jdk.Deoptimization} events, see
 * {@code scripts/measure-guard-deopt.sh}.
 */
public final class GuardDeoptimizationMain {

	private static volatile long sink;

	public static void main(String[] args) throws Exception {
		int cycles = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		long rapid = (args.length > 1) ? Long.parseLong(args[1]) : 0;
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP))) {
			Probe probe = runtime.register(ProviderDefinition.of("deopt",
					ProbeDefinition.of("hot", ArgumentKind.INT64, ArgumentKind.INT64))).probe("hot");
			Thread firing = new Thread(() -> {
				long i = 0;
				while (!Thread.currentThread().isInterrupted()) {
					probe.fire(i, i + 1);
					i++;
					if ((i & 0xffff) == 0) {
						sink = i;
					}
				}
			});
			firing.setDaemon(true);
			firing.start();
			Thread.sleep(2000);
			long before = ProbeGuard.flips();
			for (int c = 0; c < cycles; c++) {
				// a tracer attaches for 200 ms, detaches, and (rapid > 0) re-attaches quickly
				ProbeSemaphores.overrideForTesting(probe, true);
				Thread.sleep(200);
				ProbeSemaphores.overrideForTesting(probe, false);
				Thread.sleep((rapid > 0) ? rapid : SemaphoreWatcher.OFF_DELAY.toMillis() + 500);
			}
			System.out.println("cycles=" + cycles + " guard-flips=" + (ProbeGuard.flips() - before) + " fired-loop=" + sink);
			firing.interrupt();
		}
	}

}
