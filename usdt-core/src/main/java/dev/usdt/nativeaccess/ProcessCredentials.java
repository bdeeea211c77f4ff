package dev.usdt.nativeaccess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who this process runs as, read from {@code /proc/self/status} ({@code Uid:} real, effective,
 * saved, filesystem): what {@code getuid(2)} returns, without loading a native library for it.
 */
public final class ProcessCredentials {

	private static final Path STATUS = Path.of("/proc/self/status");

	private ProcessCredentials() {
	}

	/** The real user id of this process. */
	public static int realUid() {
		try {
			return realUid(Files.readString(STATUS, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + STATUS, ex);
		}
	}

	static int realUid(String status) {
		for (String line : status.split("\n")) {
			if (line.startsWith("Uid:")) {
				String ids = line.substring("Uid:".length()).strip();
				int end = 0;
				while (end < ids.length() && Character.isDigit(ids.charAt(end))) {
					end++;
				}
				return Integer.parseInt(ids.substring(0, end));
			}
		}
		throw new IllegalStateException("No Uid line in " + STATUS);
	}

}
