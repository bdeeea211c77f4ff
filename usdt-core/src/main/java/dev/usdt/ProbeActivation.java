package dev.usdt;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Work that only matters once a tracer may be listening: it waits until the process-wide fast
 * guard first turns on (a tracer enabled some probe, or a runtime asked for no fast guard), then
 * runs once. Until then it costs nothing. The Observation bridge uses this to join an
 * {@code ObservationRegistry} only when it can have something to report, because Micrometer asks
 * every registered handler about every observation.
 */
public final class ProbeActivation {

	private static final System.Logger logger = System.getLogger(ProbeActivation.class.getName());

	/** Actions waiting for the guard to turn on; guarded by {@code ProbeActivation.class}. */
	private static List<Runnable> waiting = new ArrayList<>();

	private ProbeActivation() {
	}

	/**
	 * Runs {@code action} once some probe of the process may be enabled: now, on this thread, if one
	 * may be already; otherwise on the thread that turns the guard on (within a watch interval of a
	 * tracer attaching), which must not wait for anything slow.
	 */
	public static void whenFirstEnabled(Runnable action) {
		synchronized (ProbeActivation.class) {
			if (!ProbeGuard.isOn()) {
				waiting.add(action);
				return;
			}
		}
		run(action);
	}

	/**
	 * Whether some probe of the process may be enabled now, i.e. the fast guard is on: a constant
	 * to the JIT. Generated code checks it before it reads a handle field, so while it is off a call
	 * through an interface costs the receiver's type check and nothing else.
	 */
	public static boolean anyMayBeEnabled() {
		return ProbeGuard.mayBeEnabled();
	}

	/** Called by {@link ProbeGuard} each time it turns on. */
	static void guardTurnedOn() {
		List<Runnable> due;
		synchronized (ProbeActivation.class) {
			due = waiting;
			waiting = new ArrayList<>();
		}
		due.forEach(ProbeActivation::run);
	}

	private static void run(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "USDT: an action waiting for the first enabled probe failed", ex);
		}
	}

}
