package dev.usdt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one daemon thread per JVM that drives {@link ProbeGuard}: it reads the semaphores of every
 * registered provider each watch interval, turns the guard on as soon as one is set, and off once
 * all have stayed zero for {@link #OFF_DELAY} (so a tracer attaching and detaching repeatedly does
 * not make the JIT recompile probe sites over and over). Providers of runtimes that asked for no
 * fast guard keep it on for as long as they are registered. With nothing registered it parks.
 */
final class SemaphoreWatcher {

	/** How long every semaphore must stay zero before the guard is turned off. */
	static final Duration OFF_DELAY = Duration.ofSeconds(1);

	private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

	static final SemaphoreWatcher INSTANCE = new SemaphoreWatcher();

	/** Watched providers and the options of the runtime that registered each. */
	private final Map<Provider, UsdtOptions> watched = new ConcurrentHashMap<>();

	private Thread thread;

	private long lastEnabledNanos = System.nanoTime();

	private SemaphoreWatcher() {
	}

	void register(Provider provider, UsdtOptions options) {
		this.watched.put(provider, options);
		scanNow();
		startOrWake();
	}

	void unregister(Provider provider) {
		this.watched.remove(provider);
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
	}

	private static boolean anyEnabled(Provider provider) {
		for (Probe probe : provider.probes()) {
			if (probe.isEnabled()) {
				return true;
			}
		}
		return false;
	}

	private synchronized void startOrWake() {
		if (this.thread == null) {
			this.thread = new Thread(this::run, "usdt-semaphore-watcher");
			this.thread.setDaemon(true);
			this.thread.start();
		}
		else {
			LockSupport.unpark(this.thread);
		}
	}

	private void run() {
		while (true) {
			scanNow();
			if (this.watched.isEmpty() && !ProbeGuard.isOn()) {
				LockSupport.parkNanos(this, IDLE_PARK_NANOS);
			}
			else {
				LockSupport.parkNanos(this, intervalNanos());
			}
		}
	}

	private long intervalNanos() {
		return this.watched.values()
			.stream()
			.mapToLong((options) -> options.watchInterval().toNanos())
			.min()
			.orElse(UsdtOptions.DEFAULT_WATCH_INTERVAL.toNanos());
	}

}
