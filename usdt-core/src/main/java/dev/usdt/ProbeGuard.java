package dev.usdt;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;

/**
 * One process-wide switch, "might any probe be enabled?", that the JIT compiles as a constant: a
 * {@link MutableCallSite} reached through a {@code static final} invoker. While it is off a fire
 * method's body folds away entirely, so a disabled probe costs what an empty method costs. Turning
 * it on or off invalidates the compiled code that folded it (one deoptimization per flip), which
 * is why {@link SemaphoreWatcher} turns it off only after the semaphores have stayed zero a while.
 */
final class ProbeGuard {

	private static volatile boolean on;

	private static volatile long flips;

	private ProbeGuard() {
	}

	/** {@code false} only if no probe of the process is enabled; compiled as a constant. */
	static boolean mayBeEnabled() {
		try {
			return (boolean) Site.INVOKER.invokeExact();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("The probe guard failed", ex);
		}
	}

	static void set(boolean enabled) {
		if (flip(enabled) && enabled) {
			// After the flip, outside this class's lock: waiting work may read the guard
			ProbeActivation.guardTurnedOn();
		}
	}

	private static synchronized boolean flip(boolean enabled) {
		if (enabled == on) {
			return false;
		}
		// Set before set() hands waiting work over: ProbeActivation queues only what saw it off
		on = enabled;
		flips++;
		Site.SITE.setTarget(MethodHandles.constant(boolean.class, enabled));
		MutableCallSite.syncAll(Site.SITES);
		return true;
	}

	static boolean isOn() {
		return on;
	}

	/** How often the guard has flipped since the JVM started: each flip costs one recompilation. */
	static long flips() {
		return flips;
	}

	/**
	 * The call site, made on first use: the first fire or flip, not the start-up code that only
	 * asks {@link #isOn()} (spinning its invoker is ~1.5 ms in a cold JVM, docs/architecture.md §5).
	 */
	private static final class Site {

		static final MutableCallSite SITE = new MutableCallSite(MethodHandles.constant(boolean.class, false));

		static final MethodHandle INVOKER = SITE.dynamicInvoker();

		static final MutableCallSite[] SITES = { SITE };

	}

}
