package dev.usdt.parser;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Measures how long a 10,000-probe file takes to parse and validate, cold (first parse in a fresh
 * JVM, as {@code usdt check} sees it) and warm. A main rather than a timed test, so a busy build
 * machine cannot make the build flaky. Wall time includes JIT compiler threads and other
 * processes competing for the cores; the thread's CPU time does not. Run with the test classpath:
 * {@code java -cp usdt-parser/target/classes:usdt-parser/target/test-classes:ANTLR_RUNTIME_JAR
 * dev.usdt.parser.ParseSpeedMain}.
 */
public final class ParseSpeedMain {

	private static final int PROBES = 10_000;

	private ParseSpeedMain() {
	}

	public static void main(String[] args) {
		String text = file(PROBES);
		System.out.printf("%d probes, %d KiB of D%n", PROBES, text.length() / 1024);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int run = 1; run <= 10; run++) {
			long cpuStart = threads.getCurrentThreadCpuTime();
			long start = System.nanoTime();
			DefinitionFile file = ProviderParser.parse("speed.d", text);
			double wall = (System.nanoTime() - start) / 1e6;
			double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
			int probes = file.providers().stream().mapToInt((provider) -> provider.probes().size()).sum();
			System.out.printf("run %2d: %6.1f ms wall, %6.1f ms cpu of this thread (%d probes)%n", run, wall, cpu,
					probes);
		}
	}

	/** Ten providers of 1,000 probes with a mix of argument types, aliases and comments. */
	static String file(int probes) {
		StringBuilder text = new StringBuilder("#define Oid unsigned int\ntypedef unsigned long long hrtime_t;\n");
		int perProvider = probes / 10;
		for (int p = 0; p < 10; p++) {
			text.append("/* provider ").append(p).append(" */\nprovider speed").append(p).append(" {\n");
			for (int i = 0; i < perProvider; i++) {
				text.append("\tprobe event__").append(i).append("(const char *name, uint64_t id, Oid, hrtime_t, int fd, struct req *);\n");
			}
			text.append("};\n#pragma D attributes Evolving/Evolving/Common provider speed").append(p).append(" provider\n");
		}
		return text.toString();
	}

}
