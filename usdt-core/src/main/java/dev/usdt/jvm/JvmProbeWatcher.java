package dev.usdt.jvm;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The one thread of the JVM provider: every {@link #INTERVAL} it reads the provider's semaphores
 * and starts or stops exactly the feeds the enabled probes need (JFR event types, GC
 * notifications, heap samples). Reading a dozen semaphores is all it does while nothing is
 * traced. It ends when the provider is closed, with every feed stopped.
 */
final class JvmProbeWatcher implements AutoCloseable {

	/**
	 * How soon after a tracer enables a probe its feed starts. JFR delivers about once a second
	 * anyway, so a shorter interval would not make probes fire sooner.
	 */
	static final Duration INTERVAL = Duration.ofMillis(100);

	private static final System.Logger logger = System.getLogger(JvmProbeWatcher.class.getName());

	private final JvmProbes probes;

	private final BooleanSupplier providerClosed;

	private final JfrEventStream jfr;

	private final GcPoolNotifications pools;

	private final HeapSummarySampler heap;

	private volatile boolean closed;

	private Thread thread;

	JvmProbeWatcher(JvmProbes probes, BooleanSupplier providerClosed) {
		this.probes = probes;
		this.providerClosed = providerClosed;
		this.jfr = new JfrEventStream(new JfrProbeDispatcher(probes).handlers());
		this.pools = new GcPoolNotifications(probes);
		this.heap = new HeapSummarySampler(probes);
	}

	synchronized void start() {
		if (this.thread == null && !this.closed) {
			this.thread = new Thread(this::run, "usdt-jvm-provider");
			this.thread.setDaemon(true);
			this.thread.start();
		}
	}

	private void run() {
		while (!this.closed && !this.providerClosed.getAsBoolean()) {
			try {
				tick();
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "USDT JVM provider could not follow its probes' semaphores", ex);
			}
			LockSupport.parkNanos(this, INTERVAL.toNanos());
		}
		stopFeeds();
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
		this.jfr.record((events != null) ? events : Set.of());
		this.pools.listen(pools);
		this.heap.tick(System.nanoTime());
	}

	boolean isRecording() {
		return this.jfr.isOpen();
	}

	Set<String> recordedEventTypes() {
		return this.jfr.enabledEventTypes();
	}

	boolean isListening() {
		return this.pools.isListening();
	}

	/** Stops the thread and every feed; waits for the thread so nothing fires afterwards. */
	@Override
	public void close() {
		Thread thread;
		synchronized (this) {
			this.closed = true;
			thread = this.thread;
		}
		if (thread != null) {
			LockSupport.unpark(thread);
			try {
				thread.join(Duration.ofSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		stopFeeds();
	}

	private void stopFeeds() {
		this.jfr.close();
		this.pools.listen(false);
	}

}
