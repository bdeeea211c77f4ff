package dev.usdt.jvm;

/** The names of the JFR event types the JVM provider reads. */
final class JfrEvents {

	static final String GARBAGE_COLLECTION = "jdk.GarbageCollection";

	static final String THREAD_START = "jdk.ThreadStart";

	static final String THREAD_END = "jdk.ThreadEnd";

	/** JDK 21 and later (19 and 20 as preview). */
	static final String VIRTUAL_THREAD_START = "jdk.VirtualThreadStart";

	static final String VIRTUAL_THREAD_END = "jdk.VirtualThreadEnd";

	static final String CLASS_LOAD = "jdk.ClassLoad";

	static final String SAFEPOINT_BEGIN = "jdk.SafepointBegin";

	static final String SAFEPOINT_END = "jdk.SafepointEnd";

	static final String GC_PHASE_PAUSE = "jdk.GCPhasePause";

	private JfrEvents() {
	}

}
