package dev.usdt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.usdt.scheduling.UsdtScheduler;

/**
 * Drives {@link ProbeGuard} for the whole JVM: a task on the {@link UsdtScheduler} reads the
 * semaphores of every registered provider each watch interval, turns the guard on as soon as one
 * is set, and off once all have stayed zero for {@link #OFF_DELAY} (so a tracer attaching and
 * detaching repeatedly does not make the JIT recompile probe sites over and over).
 *
 * <p>
 * The task runs only while a read could change the guard: while some provider uses the fast
 * guard, or while the guard is on and waiting to turn off. Providers of runtimes that asked for no
 * fast guard keep it on for as long as they are registered and are never read, so with only such
 * providers (or none) nothing is scheduled and nothing wakes up.
 */
final class SemaphoreWatcher {

	/** How long every semaphore must stay zero before the guard is turned off. */
	static final Duration OFF_DELAY = Duration.ofSeconds(1);

	static final String TASK_NAME = "usdt-semaphore-watcher";

	static final SemaphoreWatcher INSTANCE = new SemaphoreWatcher();

	/** Watched providers and the options of the runtime that registered each. */
	private final Map<Provider, UsdtOptions> watched = new ConcurrentHashMap<>();

	private UsdtScheduler.Task task;

	private long lastEnabledNanos = System.nanoTime();

	private SemaphoreWatcher() {
	}

	void register(Provider provider, UsdtOptions options) {
		this.watched.put(provider, options);
		scanNow();
	}

	void unregister(Provider provider) {
		this.watched.remove(provider);
		scanNow();
	}

	/** Reads every semaphore now and flips the guard on if one is set (tests, semaphore overrides). */
	synchronized void scanNow() {
		boolean any = false;
		for (Map.Entry<Provider, UsdtOptions> entry : this.watched.entrySet()) {
			if (!entry.getValue().fastGuard() || anyEnabled(entry.getKey())) {
				any = true;
				break;
			}
		}
		long now = System.nanoTime();
		if (any) {
			this.lastEnabledNanos = now;
			ProbeGuard.set(true);
		}
		else if (now - this.lastEnabledNanos >= OFF_DELAY.toNanos()) {
			ProbeGuard.set(false);
		}
		reschedule();
	}

	/** The scheduled task, if any: for tests. */
	synchronized UsdtScheduler.Task task() {
		return this.task;
	}

	private static boolean anyEnabled(Provider provider) {
		for (Probe probe : provider.probes()) {
			if (probe.isEnabled()) {
				return true;
			}
		}
		return false;
	}

	/** Schedules the scan at the shortest interval any fast-guard provider asked for, or not at all. */
	private void reschedule() {
		Duration interval = null;
		boolean keptOn = false;
		for (Map.Entry<Provider, UsdtOptions> entry : this.watched.entrySet()) {
			UsdtOptions options = entry.getValue();
			if (options.fastGuard() && !entry.getKey().probes().isEmpty()) {
				interval = (interval == null || options.watchInterval().compareTo(interval) < 0)
						? options.watchInterval() : interval;
			}
			else if (!options.fastGuard()) {
				keptOn = true;
			}
		}
		if (interval == null && ProbeGuard.isOn() && !keptOn) {
			// Only the turn-off after OFF_DELAY is left to do
			interval = UsdtOptions.DEFAULT_WATCH_INTERVAL;
		}
		if (this.task != null && (interval == null || !interval.equals(this.task.interval()))) {
			this.task.cancel();
			this.task = null;
		}
		if (interval != null && this.task == null) {
			this.task = UsdtScheduler.shared().schedule(TASK_NAME, interval, this::scanNow);
		}
	}

}
