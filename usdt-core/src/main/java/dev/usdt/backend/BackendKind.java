package dev.usdt.backend;

import java.util.Locale;

/** Which backend to use; {@link #AUTO} picks the one the platform supports. */
public enum BackendKind {

	AUTO, STAPSDT, DTRACE, NOOP;

	/** Parses {@code auto}, {@code stapsdt}, {@code dtrace} or {@code noop}, ignoring case. */
	public static BackendKind parse(String value) {
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"Unknown USDT backend '" + value + "': expected one of auto, stapsdt, dtrace, noop");
		}
	}

	public String displayName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
