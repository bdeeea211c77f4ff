package dev.usdt.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.usdt.Probe;

/**
 * Counts, with a real bpftrace, new fires of a probe {@code tick(int64_t)} that this JVM fires:
 * fires {@code tick(0)} until bpftrace prints that it saw one (its program is attached), then
 * fires {@code tick(7)} ten times and returns how many of those bpftrace counted.
 */
public final class LiveFires {

	private static final Pattern COUNT = Pattern.compile("@\\[7\\]: (\\d+)");

	private LiveFires() {
	}

	/** Writes {@code provider PROVIDER { probe tick(int64_t); };} to {@code PROVIDER.d} in {@code directory}. */
	public static Path writeDefinition(Path directory, String provider) throws IOException {
		return Files.writeString(directory.resolve(provider + ".d"),
				"provider " + provider + " {\n\tprobe tick(int64_t);\n};\n");
	}

	/**
	 * @param pid the process bpftrace attaches to ({@code -p})
	 * @param target the usdt target: a library path, or {@code *} for every library the process maps
	 */
	public static long count(long pid, String target, Probe tick) throws Exception {
		String probe = "usdt:" + target + ":" + tick.provider() + ":" + tick.name();
		String program = probe + " /arg0 == 0/ { printf(\"ready\\n\"); } " + probe + " /arg0 == 7/ { @[arg0] = count(); }";
		try (Bpftrace bpftrace = Bpftrace.attach(pid, program)) {
			Bpftrace.await(() -> {
				tick.fireArgs(0L);
				return bpftrace.output().contains("ready");
			}, Duration.ofSeconds(60), "bpftrace to see a tick of pid " + pid + "; it printed " + bpftrace.output());
			for (int i = 0; i < 10; i++) {
				tick.fireArgs(7L);
			}
			bpftrace.stop();
			return countOf(bpftrace, COUNT);
		}
	}

	/** The count in the first line bpftrace printed that matches {@code count} (its group 1). */
	public static long countOf(Bpftrace bpftrace, Pattern count) {
		for (String line : bpftrace.output()) {
			Matcher matcher = count.matcher(line);
			if (matcher.matches()) {
				return Long.parseLong(matcher.group(1));
			}
		}
		throw new AssertionError("bpftrace counted nothing matching " + count + ": " + bpftrace.transcript());
	}

}
