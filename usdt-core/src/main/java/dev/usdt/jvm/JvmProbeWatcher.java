package dev.usdt.jvm;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

import dev.usdt.ProbeActivation;
import dev.usdt.scheduling.UsdtScheduler;

/**
 * The JVM provider's task on the {@link UsdtScheduler}: every {@link #INTERVAL} it reads the
 * provider's semaphores and starts or stops exactly the feeds the enabled probes need (JFR event
 * types, GC notifications, heap samples). Reading a dozen semaphores is all it does while nothing
 * is traced, and it runs only while the process-wide fast guard is on: with the guard off no probe
 * can be enabled, so it waits for the guard without waking up. It ends when the provider is
 * closed, with every feed stopped. The feeds themselves are made on the first tick: a process
 * nobody traces never loads their classes (issue 19: start-up).
 */
final class JvmProbeWatcher implements AutoCloseable {

	/**
	 * How soon after a tracer enables a probe its feed starts. JFR delivers about once a second
	 * anyway, so a shorter interval would not make probes fire sooner.
	 */
	static final Duration INTERVAL = Duration.ofMillis(100);

	static final String TASK_NAME = "usdt-jvm-provider";

	private final JvmProbes probes;

	private final BooleanSupplier providerClosed;

	/** Made by the first {@link #tick}; guarded by {@code this}. */
	private Feeds feeds;

	private volatile boolean closed;

	private UsdtScheduler.Task task;

	JvmProbeWatcher(JvmProbes probes, BooleanSupplier providerClosed) {
		this.probes = probes;
		this.providerClosed = providerClosed;
	}

	/** The feeds the enabled probes need, made once. */
	private record Feeds(JfrEventStream jfr, GcPoolNotifications pools, HeapSummarySampler heap) {

		Feeds(JvmProbes probes) {
			this(new JfrEventStream(new JfrProbeDispatcher(probes).handlers()), new GcPoolNotifications(probes),
					new HeapSummarySampler(probes));
		}

	}

	private synchronized Feeds feeds() {
		if (this.feeds == null) {
			this.feeds = new Feeds(this.probes);
		}
		return this.feeds;
	}

	private synchronized Feeds feedsIfMade() {
		return this.feeds;
	}

	/**
	 * Schedules the task, or, while no probe of the process may be enabled (so none of this
	 * provider's), waits for a tracer to attach without waking up at all.
	 */
	void start() {
		ProbeActivation.whenFirstEnabled(this::schedule);
	}

	private synchronized void schedule() {
		if (this.task == null && !this.closed) {
			this.task = UsdtScheduler.shared().schedule(TASK_NAME, INTERVAL, this::run);
		}
	}

	private void run() {
		if (this.closed || this.providerClosed.getAsBoolean()) {
			stopFeeds();
			synchronized (this) {
				this.task.cancel();
			}
			return;
		}
		tick();
		if (!ProbeActivation.anyMayBeEnabled()) {
			// The tick above stopped every feed; the guard turns on again before any probe can fire
			synchronized (this) {
				this.task.cancel();
				this.task = null;
			}
			start();
		}
	}

	/** Reads the semaphores once and brings the feeds in line with them. */
	void tick() {
		Set<String> events = null;
		boolean pools = false;
		for (JvmProbe probe : JvmProbe.all()) {
			if (this.probes.isEnabled(probe)) {
				switch (probe.feed()) {
					case JFR -> {
						events = (events != null) ? events : new HashSet<>();
						events.addAll(probe.jfrEvents());
					}
					case GC_NOTIFICATIONS -> pools = true;
					case HEAP_SAMPLES -> {
						// sampled below
					}
				}
			}
		}
		Feeds feeds = feeds();
		feeds.jfr().record((events != null) ? events : Set.of());
		feeds.pools().listen(pools);
		feeds.heap().tick(System.nanoTime());
	}

	boolean isRecording() {
		Feeds feeds = feedsIfMade();
		return feeds != null && feeds.jfr().isOpen();
	}

	Set<String> recordedEventTypes() {
		Feeds feeds = feedsIfMade();
		return (feeds != null) ? feeds.jfr().enabledEventTypes() : Set.of();
	}

	boolean isListening() {
		Feeds feeds = feedsIfMade();
		return feeds != null && feeds.pools().isListening();
	}

	/** Stops the task and every feed; waits for a tick in progress so nothing fires afterwards. */
	@Override
	public void close() {
		UsdtScheduler.Task task;
		synchronized (this) {
			this.closed = true;
			task = this.task;
		}
		if (task != null) {
			task.cancelAndWait();
		}
		stopFeeds();
	}

	private void stopFeeds() {
		Feeds feeds = feedsIfMade();
		if (feeds != null) {
			feeds.jfr().close();
			feeds.pools().listen(false);
		}
	}

}
