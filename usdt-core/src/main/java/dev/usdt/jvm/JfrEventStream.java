package dev.usdt.jvm;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * The in-process JFR recording that feeds the JVM provider, with exactly the event types some
 * enabled probe needs. No recording exists while none is needed, so an untraced JVM records
 * nothing; the stream opens when the first type is needed, types are enabled and disabled on the
 * running recording as tracers come and go, and it closes when the last one goes.
 */
final class JfrEventStream implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(JfrEventStream.class.getName());

	/** Delivered events need not stay on disk: just enough for the stream to catch up. */
	private static final Duration MAX_AGE = Duration.ofSeconds(10);

	private final Map<String, Consumer<RecordedEvent>> handlers;

	private RecordingStream stream;

	private Set<String> enabled = Set.of();

	/** The event types of this JVM, read when first needed: asking initializes JFR. */
	private Set<String> existing;

	JfrEventStream(Map<String, Consumer<RecordedEvent>> handlers) {
		this.handlers = handlers;
	}

	/**
	 * Records exactly {@code eventTypes}, those of them this JVM has: opens the stream for the
	 * first, closes it when none is left.
	 */
	synchronized void record(Set<String> eventTypes) {
		Set<String> wanted = eventTypes.isEmpty() ? Set.of() : existing(eventTypes);
		if (wanted.equals(this.enabled)) {
			return;
		}
		if (wanted.isEmpty()) {
			close();
			return;
		}
		boolean start = this.stream == null;
		if (start) {
			this.stream = open();
		}
		for (String name : wanted) {
			if (!this.enabled.contains(name)) {
				this.stream.enable(name).withoutThreshold().withoutStackTrace();
			}
		}
		for (String name : this.enabled) {
			if (!wanted.contains(name)) {
				this.stream.disable(name);
			}
		}
		this.enabled = Set.copyOf(wanted);
		if (start) {
			this.stream.startAsync();
		}
	}

	/** Whether a recording is open (some probe fed by JFR is enabled). */
	synchronized boolean isOpen() {
		return this.stream != null;
	}

	/** The event types recorded now. */
	synchronized Set<String> enabledEventTypes() {
		return this.enabled;
	}

	@Override
	public synchronized void close() {
		if (this.stream != null) {
			this.stream.close();
			this.stream = null;
		}
		this.enabled = Set.of();
	}

	private RecordingStream open() {
		RecordingStream stream = new RecordingStream();
		stream.setMaxAge(MAX_AGE);
		this.handlers.forEach(stream::onEvent);
		stream.onError((ex) -> logger.log(Level.WARNING, "JFR stream of the USDT JVM provider failed", ex));
		return stream;
	}

	private Set<String> existing(Set<String> eventTypes) {
		if (this.existing == null) {
			Set<String> names = new HashSet<>();
			for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
				names.add(type.getName());
			}
			this.existing = names;
		}
		Set<String> wanted = new HashSet<>(eventTypes);
		wanted.retainAll(this.existing);
		return wanted;
	}

}
