package dev.usdt.jvm;

import java.util.ArrayList;
import java.util.List;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.SourceLocation;

import static dev.usdt.parser.ArgumentKind.INT64;
import static dev.usdt.parser.ArgumentKind.STRING;
import static dev.usdt.parser.ArgumentKind.UINT32;
import static dev.usdt.parser.ArgumentKind.UINT64;
import static dev.usdt.parser.ArgumentKind.UINT8;

/**
 * The probes of the JVM provider, their arguments, and what feeds each. Every probe fires after
 * the fact (JFR commits an event when it ends and the stream delivers it about a second later), so
 * each carries the event's own start time ({@code start_ns}, nanoseconds since the Unix epoch) and,
 * for events that last, its duration: a script measures from these, not from {@code nsecs}.
 *
 * <p>
 * A JFR event type is enabled only while a tracer enables a probe that needs it; the memory-pool
 * probes listen for GC notifications and the heap summary samples the heap only while they are
 * enabled. The hotspot name is set for the probes whose meaning matches HotSpot's
 * {@code hotspot.d} (their arguments are this provider's, not HotSpot's).
 */
public enum JvmProbe {

	/** {@code gc_id, gc_name, cause, start_ns}: a collection (jdk.GarbageCollection). */
	GC_BEGIN("gc__begin", "gc__begin", Feed.JFR, List.of(JfrEvents.GARBAGE_COLLECTION),
			"gc_id gc_name cause start_ns",
			UINT64, STRING, STRING, UINT64),

	/** {@code gc_id, gc_name, cause, start_ns, duration_ns, sum_of_pauses_ns}. */
	GC_END("gc__end", "gc__end", Feed.JFR, List.of(JfrEvents.GARBAGE_COLLECTION),
			"gc_id gc_name cause start_ns duration_ns sum_of_pauses_ns",
			UINT64, STRING, STRING, UINT64, UINT64, UINT64),

	/**
	 * {@code gc_name, pool, used, committed, max, start_ns}: one per memory pool, its figures before
	 * a collection (GC notification; {@code max} is -1 when undefined, times in milliseconds).
	 */
	MEM_POOL_GC_BEGIN("mem__pool__gc__begin", "mem__pool__gc__begin", Feed.GC_NOTIFICATIONS, List.of(),
			"gc_name pool used committed max start_ns",
			STRING, STRING, UINT64, UINT64, INT64, UINT64),

	/** {@code gc_name, pool, used, committed, max, duration_ns}: the figures after the collection. */
	MEM_POOL_GC_END("mem__pool__gc__end", "mem__pool__gc__end", Feed.GC_NOTIFICATIONS, List.of(),
			"gc_name pool used committed max duration_ns",
			STRING, STRING, UINT64, UINT64, INT64, UINT64),

	/** {@code name, java_tid, os_tid, virtual, start_ns}: a thread started (os_tid 0 for virtual ones). */
	THREAD_START("thread__start", "thread__start", Feed.JFR,
			List.of(JfrEvents.THREAD_START, JfrEvents.VIRTUAL_THREAD_START),
			"name java_tid os_tid virtual start_ns",
			STRING, UINT64, UINT64, UINT8, UINT64),

	/** {@code name, java_tid, os_tid, virtual, start_ns}: a thread ended. */
	THREAD_END("thread__end", "thread__stop", Feed.JFR,
			List.of(JfrEvents.THREAD_END, JfrEvents.VIRTUAL_THREAD_END),
			"name java_tid os_tid virtual start_ns",
			STRING, UINT64, UINT64, UINT8, UINT64),

	/** {@code class_name, loader, start_ns, duration_ns}: a class loaded (jdk.ClassLoad). */
	CLASS_LOADED("class__loaded", "class__loaded", Feed.JFR, List.of(JfrEvents.CLASS_LOAD),
			"class_name loader start_ns duration_ns",
			STRING, STRING, UINT64, UINT64),

	/** {@code safepoint_id, threads, jni_critical_threads, start_ns, duration_ns} (jdk.SafepointBegin). */
	SAFEPOINT_BEGIN("safepoint__begin", null, Feed.JFR, List.of(JfrEvents.SAFEPOINT_BEGIN),
			"safepoint_id threads jni_critical_threads start_ns duration_ns",
			UINT64, UINT32, UINT32, UINT64, UINT64),

	/** {@code safepoint_id, start_ns, duration_ns} (jdk.SafepointEnd). */
	SAFEPOINT_END("safepoint__end", null, Feed.JFR, List.of(JfrEvents.SAFEPOINT_END),
			"safepoint_id start_ns duration_ns",
			UINT64, UINT64, UINT64),

	/** {@code gc_id, phase, start_ns}: a GC pause (jdk.GCPhasePause). */
	GC_PAUSE_BEGIN("gc__pause__begin", null, Feed.JFR, List.of(JfrEvents.GC_PHASE_PAUSE),
			"gc_id phase start_ns",
			UINT64, STRING, UINT64),

	/** {@code gc_id, phase, start_ns, duration_ns}. */
	GC_PAUSE_END("gc__pause__end", null, Feed.JFR, List.of(JfrEvents.GC_PHASE_PAUSE),
			"gc_id phase start_ns duration_ns",
			UINT64, STRING, UINT64, UINT64),

	/**
	 * {@code used, committed, max, time_ns}: the heap, sampled every
	 * second while enabled ({@code max} is -1 when undefined).
	 */
	HEAP_SUMMARY("heap__summary", null, Feed.HEAP_SAMPLES, List.of(),
			"used committed max time_ns",
			UINT64, UINT64, INT64, UINT64);

	private static final List<JvmProbe> ALL = List.of(values());

	private final String jvmName;

	private final String hotspotName;

	private final Feed feed;

	private final List<String> jfrEvents;

	private final List<ArgumentKind> arguments;

	/** The arguments' names, as the Javadoc above lists them: the endpoint's one-liners print them. */
	private final String[] argumentNames;

	JvmProbe(String jvmName, String hotspotName, Feed feed, List<String> jfrEvents, String argumentNames,
			ArgumentKind... arguments) {
		this.jvmName = jvmName;
		this.hotspotName = hotspotName;
		this.feed = feed;
		this.jfrEvents = jfrEvents;
		this.argumentNames = argumentNames.split(" ");
		this.arguments = List.of(arguments);
		if (this.argumentNames.length != arguments.length) {
			throw new IllegalStateException(jvmName + ": " + this.argumentNames.length + " names for "
					+ arguments.length + " arguments");
		}
	}

	/** The probe's name under {@code naming}. */
	public String probeName(JvmProbeNaming naming) {
		return (naming == JvmProbeNaming.HOTSPOT && this.hotspotName != null) ? this.hotspotName : this.jvmName;
	}

	/** Whether HotSpot's {@code hotspot.d} has a probe of the same meaning (and name). */
	public boolean matchesHotSpot() {
		return this.hotspotName != null;
	}

	public List<ArgumentKind> arguments() {
		return this.arguments;
	}

	ProbeDefinition definition(JvmProbeNaming naming) {
		List<ProbeArgument> named = new ArrayList<>(this.arguments.size());
		for (int i = 0; i < this.argumentNames.length; i++) {
			named.add(ProbeArgument.of(this.argumentNames[i], this.arguments.get(i)));
		}
		return new ProbeDefinition(probeName(naming), named, List.of(), SourceLocation.of("code"));
	}

	Feed feed() {
		return this.feed;
	}

	/** The JFR event types that feed this probe; those the running JVM lacks are skipped. */
	List<String> jfrEvents() {
		return this.jfrEvents;
	}

	static List<JvmProbe> all() {
		return ALL;
	}

	/** Where a probe's events come from. */
	enum Feed {

		/** JFR event streaming inside the process. */
		JFR,

		/** The GarbageCollectorMXBeans' notifications (per-pool figures JFR does not give). */
		GC_NOTIFICATIONS,

		/** Periodic reads of the MemoryMXBean (the same on every JDK, unlike JFR's periodic events). */
		HEAP_SAMPLES

	}

}
