package dev.usdt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is lost: with bpftrace attached and counting, eight threads fire a million probes in
 * total after the probe is enabled, and bpftrace counts exactly as many, per thread and in all.
 * {@code -Dusdt.soak=true} fires ten million.
 */
class NothingLostBpftraceTests {

	private static final int THREADS = 8;

	@TempDir
	Path tempDir;

	@Test
	void bpftraceCountsEveryOneOfAMillionFiresFromEightThreads() throws Exception {
		Bpftrace.assumeAvailable();
		long total = Boolean.getBoolean("usdt.soak") ? 10_000_000 : 1_000_000;
		long perThread = total / THREADS;
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("lib")))) {
			Provider provider = runtime.register(ProviderDefinition.of("e2e_lossless",
					ProbeDefinition.of("hit", ArgumentKind.INT32, ArgumentKind.INT64)));
			Probe hit = provider.probe("hit");
			String program = "usdt:" + provider.library().orElseThrow()
					+ ":e2e_lossless:hit { @thread[arg0] = count(); @total = count(); }";
			try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
				bpftrace.awaitCondition(hit::shouldFire, "semaphore set by bpftrace");
				AtomicReference<Throwable> failure = new AtomicReference<>();
				CountDownLatch start = new CountDownLatch(1);
				List<Thread> threads = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					int id = t;
					Thread thread = new Thread(() -> {
						try {
							start.await();
							for (long i = 0; i < perThread; i++) {
								hit.fire(id, i);
							}
						}
						catch (Throwable ex) {
							failure.compareAndSet(null, ex);
						}
					}, "lossless-" + t);
					thread.start();
					threads.add(thread);
				}
				long began = System.nanoTime();
				start.countDown();
				for (Thread thread : threads) {
					thread.join();
				}
				long firedMillis = (System.nanoTime() - began) / 1_000_000;
				assertThat(failure.get()).isNull();
				assertThat(hit.isEnabled()).as("still enabled after the last fire").isTrue();
				List<String> output = bpftrace.stop();
				System.out.printf("nothing lost: %d fires from %d threads, traced by bpftrace, in %d ms (%.1f µs each)%n",
						total, THREADS, firedMillis, firedMillis * 1000.0 * THREADS / total);
				List<String> expected = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					expected.add("@thread[" + t + "]: " + perThread);
				}
				expected.add("@total: " + total);
				assertThat(output).containsAll(expected);
			}
		}
	}

}
