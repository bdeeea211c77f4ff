package dev.usdt.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.usdt.Probe;
import dev.usdt.Provider;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.backend.BackendKind;

/**
 * The Java half of the traced comparison (traced-vs-c.sh): fires {@code bench:two(long, long)}
 * or {@code bench:str(String, long)} in a tight loop while a tracer counts the events. The C half,
 * src/main/c/traced_loop.c, runs the same loop with {@code <sys/sdt.h>}; the ratio of the two is
 * what the JVM adds above the kernel's uprobe trap.
 *
 * <pre>TracedFireLoop COUNT [two|str]</pre>
 *
 * <p>
 * Warmed the way an application is, through the public API only: the loop runs untraced first
 * (the fast guard folds the fire away), then after a tracer enables the probe (and a settle delay,
 * so its program is attached too) {@value #TRACED_WARM_UP_FIRES} traced fires let the JIT
 * recompile the loop the guard's flip deoptimised. Protocol on stdout: {@code pid=},
 * {@code library=}, {@code ready}, then {@code fired N ns=T total=M cpu=C}: T wall and C this
 * thread's CPU time of the N measured fires, M every fire (for the count check).
 */
public final class TracedFireLoop {

	private static final int UNTRACED_WARM_UP_FIRES = 200_000;

	static final int TRACED_WARM_UP_FIRES = 200_000;

	/** The kernel arms the semaphore a moment before bpftrace has attached its program. */
	private static final long SETTLE_MS = 500;

	private static final long ENABLE_TIMEOUT_MS = 60_000;

	/** A constant, as a C program passes a literal: the same object every time. */
	private static final String TEXT = "GET /orders/{id}";

	private TracedFireLoop() {
	}

	public static void main(String[] args) throws InterruptedException, IOException {
		long count = (args.length > 0) ? Long.parseLong(args[0]) : 500_000;
		boolean strings = args.length > 1 && args[1].equals("str");
		// A private directory: no other process's clean-up can remove the library under the tracer
		Path directory = Files.createTempDirectory("usdt-traced-");
		UsdtOptions options = UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(directory);
		try (UsdtRuntime runtime = UsdtRuntime.create(options)) {
			Provider bench = runtime.register(BenchRuntime.BENCH);
			Probe probe = bench.probe(strings ? "str" : "two");
			fireLoop(probe, strings, UNTRACED_WARM_UP_FIRES);
			fireLoop(probe, strings, UNTRACED_WARM_UP_FIRES);
			System.out.println("pid=" + runtime.pid());
			System.out.println("library=" + bench.library().orElseThrow());
			System.out.println("ready");
			long deadline = System.currentTimeMillis() + ENABLE_TIMEOUT_MS;
			while (!probe.isEnabled()) {
				if (System.currentTimeMillis() > deadline) {
					System.out.println("timeout: no tracer enabled the probe");
					System.exit(1);
				}
				Thread.sleep(10);
			}
			Thread.sleep(SETTLE_MS);
			fireLoop(probe, strings, TRACED_WARM_UP_FIRES);
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long cpu = threads.getCurrentThreadCpuTime();
			long start = System.nanoTime();
			fireLoop(probe, strings, count);
			long elapsed = System.nanoTime() - start;
			cpu = threads.getCurrentThreadCpuTime() - cpu;
			System.out.println("fired " + count + " ns=" + elapsed + " total=" + (count + TRACED_WARM_UP_FIRES)
					+ " cpu=" + cpu);
		}
		removeDirectory(directory);
	}

	/** Removes the private library directory and what the runtime left in it (it keeps nothing). */
	private static void removeDirectory(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(directory);
	}

	private static void fireLoop(Probe probe, boolean strings, long count) {
		if (strings) {
			for (long i = 0; i < count; i++) {
				probe.fire(TEXT, i);
			}
		}
		else {
			for (long i = 0; i < count; i++) {
				probe.fire(i, count - i);
			}
		}
	}

}
