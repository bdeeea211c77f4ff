package dev.usdt.jvm;

import java.util.Map;
import java.util.function.Consumer;

import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedClassLoader;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * Turns streamed JFR events into probe fires. Runs on the stream's own thread, long after the
 * event happened, so every probe gets the event's start time and duration from the event itself.
 * A begin probe and its end probe fire together, begin first.
 */
final class JfrProbeDispatcher {

	/** What JFR's class loader field holds for the boot loader (it has no object to name). */
	private static final String BOOTSTRAP_LOADER = "bootstrap";

	private final JvmProbes probes;

	JfrProbeDispatcher(JvmProbes probes) {
		this.probes = probes;
	}

	/** A handler per JFR event type the provider reads. */
	Map<String, Consumer<RecordedEvent>> handlers() {
		return Map.of(JfrEvents.GARBAGE_COLLECTION, this::garbageCollection, JfrEvents.THREAD_START,
				(event) -> thread(event, JvmProbe.THREAD_START), JfrEvents.THREAD_END,
				(event) -> thread(event, JvmProbe.THREAD_END), JfrEvents.VIRTUAL_THREAD_START,
				(event) -> virtualThread(event, JvmProbe.THREAD_START), JfrEvents.VIRTUAL_THREAD_END,
				(event) -> virtualThread(event, JvmProbe.THREAD_END), JfrEvents.CLASS_LOAD, this::classLoad,
				JfrEvents.SAFEPOINT_BEGIN, this::safepointBegin, JfrEvents.SAFEPOINT_END, this::safepointEnd,
				JfrEvents.GC_PHASE_PAUSE, this::gcPause);
	}

	private void garbageCollection(RecordedEvent event) {
		long gcId = event.getLong("gcId");
		String name = event.getString("name");
		String cause = event.getString("cause");
		long start = EpochNanos.of(event.getStartTime());
		this.probes.get(JvmProbe.GC_BEGIN).fire(gcId, name, cause, start);
		this.probes.get(JvmProbe.GC_END)
			.fireArgs(gcId, name, cause, start, event.getDuration().toNanos(),
					event.getDuration("sumOfPauses").toNanos());
	}

	private void thread(RecordedEvent event, JvmProbe probe) {
		RecordedThread thread = event.hasField("thread") ? event.getThread("thread") : event.getThread();
		if (thread != null) {
			this.probes.get(probe)
				.fireArgs(thread.getJavaName(), thread.getJavaThreadId(), thread.getOSThreadId(), 0,
						EpochNanos.of(event.getStartTime()));
		}
	}

	/** The event's thread is the virtual thread; it has no OS thread of its own. */
	private void virtualThread(RecordedEvent event, JvmProbe probe) {
		RecordedThread thread = event.getThread();
		String name = (thread != null) ? thread.getJavaName() : null;
		this.probes.get(probe)
			.fireArgs(name, event.getLong("javaThreadId"), 0, 1, EpochNanos.of(event.getStartTime()));
	}

	private void classLoad(RecordedEvent event) {
		RecordedClass loaded = event.getClass("loadedClass");
		if (loaded == null) {
			return;
		}
		this.probes.get(JvmProbe.CLASS_LOADED)
			.fire(loaded.getName(), loaderName(event.getValue("definingClassLoader")),
					EpochNanos.of(event.getStartTime()), event.getDuration().toNanos());
	}

	private static String loaderName(RecordedClassLoader loader) {
		if (loader == null) {
			return BOOTSTRAP_LOADER;
		}
		if (loader.getName() != null) {
			return loader.getName();
		}
		RecordedClass type = loader.getType();
		return (type != null) ? type.getName() : BOOTSTRAP_LOADER;
	}

	private void safepointBegin(RecordedEvent event) {
		this.probes.get(JvmProbe.SAFEPOINT_BEGIN)
			.fireArgs(event.getLong("safepointId"), event.getInt("totalThreadCount"),
					event.getInt("jniCriticalThreadCount"), EpochNanos.of(event.getStartTime()),
					event.getDuration().toNanos());
	}

	private void safepointEnd(RecordedEvent event) {
		this.probes.get(JvmProbe.SAFEPOINT_END)
			.fire(event.getLong("safepointId"), EpochNanos.of(event.getStartTime()), event.getDuration().toNanos());
	}

	private void gcPause(RecordedEvent event) {
		long gcId = event.getLong("gcId");
		String phase = event.getString("name");
		long start = EpochNanos.of(event.getStartTime());
		this.probes.get(JvmProbe.GC_PAUSE_BEGIN).fire(gcId, phase, start);
		this.probes.get(JvmProbe.GC_PAUSE_END).fire(gcId, phase, start, event.getDuration().toNanos());
	}

}
