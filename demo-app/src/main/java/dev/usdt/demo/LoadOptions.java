package dev.usdt.demo;

import java.net.URI;

/**
 * Command-line options of the load generator:
 * {@code --load [--url=http://localhost:8080] [--rate=20] [--count=0]}.
 *
 * @param url the running demo service
 * @param rate requests per second
 * @param count requests to send before exiting, 0 for until interrupted
 */
public record LoadOptions(URI url, int rate, long count) {

	static final String LOAD_FLAG = "--load";

	private static final String USAGE = "usage: java -jar demo-app.jar --load [--url=http://localhost:8080] "
			+ "[--rate=20] [--count=0]";

	public LoadOptions {
		if (rate < 1) {
			throw new IllegalArgumentException("--rate must be at least 1 request per second\n" + USAGE);
		}
		if (count < 0) {
			throw new IllegalArgumentException("--count must be 0 (no limit) or more\n" + USAGE);
		}
	}

	/** Reads the options, ignoring {@code --load} itself. */
	static LoadOptions parse(String... args) {
		URI url = URI.create("http://localhost:8080");
		int rate = 20;
		long count = 0;
		for (String arg : args) {
			if (arg.equals(LOAD_FLAG)) {
				continue;
			}
			int equals = arg.indexOf('=');
			String name = (equals > 0) ? arg.substring(0, equals) : arg;
			String value = (equals > 0) ? arg.substring(equals + 1) : "";
			try {
				switch (name) {
					case "--url" -> url = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
					case "--rate" -> rate = Integer.parseInt(value);
					case "--count" -> count = Long.parseLong(value);
					default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
				}
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(name + " needs a number, got '" + value + "'\n" + USAGE);
			}
		}
		return new LoadOptions(url, rate, count);
	}

}
