package dev.usdt.demo;

import java.net.URI;

/**
 * Command-line options of the load generator:
 * {@code --load [--url=http://localhost:8080] [--rate=20] [--count=0] [--threads=0] [--seconds=20]}.
 *
 * @param url the running demo service
 * @param rate requests per second (paced mode)
 * @param count requests to send before exiting, 0 for until interrupted (paced mode)
 * @param threads 0 for the paced mode; else that many threads send back to back, as fast as the
 * service answers, to measure its maximum throughput and latency ({@link ClosedLoopLoad})
 * @param seconds how long the threads send
 */
public record LoadOptions(URI url, int rate, long count, int threads, int seconds) {

	static final String LOAD_FLAG = "--load";

	private static final String USAGE = "usage: java -jar demo-app.jar --load [--url=http://localhost:8080] "
			+ "[--rate=20] [--count=0] [--threads=0] [--seconds=20]";

	public LoadOptions {
		if (rate < 1) {
			throw new IllegalArgumentException("--rate must be at least 1 request per second\n" + USAGE);
		}
		if (count < 0) {
			throw new IllegalArgumentException("--count must be 0 (no limit) or more\n" + USAGE);
		}
		if (threads < 0 || seconds < 1) {
			throw new IllegalArgumentException("--threads must be 0 or more and --seconds at least 1\n" + USAGE);
		}
	}

	/** Paced mode. */
	public LoadOptions(URI url, int rate, long count) {
		this(url, rate, count, 0, 20);
	}

	/** Reads the options, ignoring {@code --load} itself. */
	static LoadOptions parse(String... args) {
		URI url = URI.create("http://localhost:8080");
		int rate = 20;
		long count = 0;
		int threads = 0;
		int seconds = 20;
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
					case "--threads" -> threads = Integer.parseInt(value);
					case "--seconds" -> seconds = Integer.parseInt(value);
					default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
				}
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(name + " needs a number, got '" + value + "'\n" + USAGE);
			}
		}
		return new LoadOptions(url, rate, count, threads, seconds);
	}

}
