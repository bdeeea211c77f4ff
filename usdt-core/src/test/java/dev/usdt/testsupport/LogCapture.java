package dev.usdt.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the runtime logs through {@link System.Logger} (java.util.logging underneath) under
 * {@code dev.usdt}, for tests that pin how many warnings a failure produces and what they say.
 */
public final class LogCapture extends Handler implements AutoCloseable {

	private static final Logger ROOT = Logger.getLogger("dev.usdt");

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private LogCapture() {
		setLevel(Level.ALL);
	}

	public static LogCapture start() {
		LogCapture capture = new LogCapture();
		ROOT.addHandler(capture);
		return capture;
	}

	/** The messages logged at WARNING or above, in order. */
	public List<String> warnings() {
		return this.records.stream()
			.filter((record) -> record.getLevel().intValue() >= Level.WARNING.intValue())
			.map(LogRecord::getMessage)
			.toList();
	}

	@Override
	public void publish(LogRecord record) {
		this.records.add(record);
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
		ROOT.removeHandler(this);
	}

}
