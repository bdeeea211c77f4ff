package dev.usdt.jvm;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;

/**
 * Fires {@code heap__summary} every {@link #PERIOD} while it is enabled, from the MemoryMXBean:
 * the same figures on every JDK (JFR's periodic heap event exists only on recent ones), and no
 * recording needed.
 */
final class HeapSummarySampler {

	static final Duration PERIOD = Duration.ofSeconds(1);

	private final JvmProbes probes;

	/** Looked up at the first sample: the management beans cost start-up time nobody needs untraced. */
	private MemoryMXBean memory;

	private long nextNanos;

	private boolean sampling;

	HeapSummarySampler(JvmProbes probes) {
		this.probes = probes;
	}

	/** Called every watcher tick: samples on the first tick after the probe is enabled, then every period. */
	void tick(long nowNanos) {
		if (!this.probes.isEnabled(JvmProbe.HEAP_SUMMARY)) {
			this.sampling = false;
			return;
		}
		if (!this.sampling || nowNanos - this.nextNanos >= 0) {
			this.sampling = true;
			this.nextNanos = nowNanos + PERIOD.toNanos();
			if (this.memory == null) {
				this.memory = ManagementFactory.getMemoryMXBean();
			}
			MemoryUsage heap = this.memory.getHeapMemoryUsage();
			this.probes.get(JvmProbe.HEAP_SUMMARY)
				.fire(heap.getUsed(), heap.getCommitted(), heap.getMax(), EpochNanos.of(Instant.now()));
		}
	}

}
