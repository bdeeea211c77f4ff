package dev.usdt.jvm;

import java.time.Instant;

/**
 * Times as the probes pass them: nanoseconds since the Unix epoch, so a script can compare them
 * with wall-clock time and with each other across probes fed by JFR and by JMX.
 */
final class EpochNanos {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final long NANOS_PER_MILLI = 1_000_000L;

	private EpochNanos() {
	}

	static long of(Instant instant) {
		return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
	}

	static long ofMillis(long epochMillis) {
		return epochMillis * NANOS_PER_MILLI;
	}

	static long millisToNanos(long millis) {
		return millis * NANOS_PER_MILLI;
	}

}
