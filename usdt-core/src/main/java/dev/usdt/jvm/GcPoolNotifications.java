package dev.usdt.jvm;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

/**
 * Fires the memory-pool probes from the GarbageCollectorMXBeans' notifications, which carry every
 * pool's usage before and after each collection (JFR has no per-pool before/after event on every
 * JDK). Listens only while a pool probe is enabled: HotSpot builds these notifications only for
 * collectors that have a listener. The JVM sends them from its notification thread right after the
 * collection, with millisecond start times and durations.
 */
final class GcPoolNotifications implements NotificationListener {

	private final JvmProbes probes;

	/** Read when listening starts: the management beans cost start-up time nobody needs untraced. */
	private volatile long jvmStartMillis;

	private boolean listening;

	GcPoolNotifications(JvmProbes probes) {
		this.probes = probes;
	}

	/** Adds or removes the listener on every collector. */
	synchronized void listen(boolean listen) {
		if (listen == this.listening) {
			return;
		}
		if (listen && this.jvmStartMillis == 0) {
			this.jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
		}
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				if (listen) {
					emitter.addNotificationListener(this, null, null);
				}
				else {
					removeFrom(emitter);
				}
			}
		}
		this.listening = listen;
	}

	synchronized boolean isListening() {
		return this.listening;
	}

	private void removeFrom(NotificationEmitter emitter) {
		try {
			emitter.removeNotificationListener(this);
		}
		catch (ListenerNotFoundException ex) {
			// not added to this one: nothing to remove
		}
	}

	@Override
	public void handleNotification(Notification notification, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			return;
		}
		GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
			.from((CompositeData) notification.getUserData());
		GcInfo gc = info.getGcInfo();
		String collector = info.getGcName();
		long start = EpochNanos.ofMillis(this.jvmStartMillis + gc.getStartTime());
		fire(JvmProbe.MEM_POOL_GC_BEGIN, collector, gc.getMemoryUsageBeforeGc(), start);
		fire(JvmProbe.MEM_POOL_GC_END, collector, gc.getMemoryUsageAfterGc(), EpochNanos.millisToNanos(gc.getDuration()));
	}

	private void fire(JvmProbe probe, String collector, Map<String, MemoryUsage> pools, long time) {
		if (!this.probes.get(probe).shouldFire()) {
			return;
		}
		pools.forEach((pool, usage) -> this.probes.get(probe)
			.fireArgs(collector, pool, usage.getUsed(), usage.getCommitted(), usage.getMax(), time));
	}

}
