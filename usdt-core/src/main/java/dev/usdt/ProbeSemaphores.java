package dev.usdt;

/**
 * A hook for tests and benchmarks that need a probe "enabled" without a tracer, to measure or
 * exercise the enabled path without the kernel's breakpoint trap. Never use it while a tracer is
 * attached: the kernel counts the semaphore itself, and an overridden value would be off by one
 * when the tracer detaches.
 */
public final class ProbeSemaphores {

	private ProbeSemaphores() {
	}

	/** Sets the probe's semaphore to 1 ({@code enabled}) or 0. No effect on a closed provider's probes. */
	public static void overrideForTesting(Probe probe, boolean enabled) {
		probe.overrideSemaphore(enabled);
	}

}
