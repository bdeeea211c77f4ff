package dev.usdt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * Eight threads fire while a real tracer attaches and detaches again and again, and while the
 * provider is closed under them: no crash, no exception, and firing after close is a no-op.
 */
class StapsdtConcurrencyTests {

	@TempDir
	Path tempDir;

	@Test
	void firingThreadsSurviveTracerAttachDetachAndClose() throws Exception {
		Bpftrace.assumeAvailable();
		UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("lib")));
		Provider provider = runtime.register(ProviderDefinition.of("e2e_race",
				ProbeDefinition.of("hit", ArgumentKind.STRING, ArgumentKind.INT64)));
		Probe hit = provider.probe("hit");
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicLong fired = new AtomicLong();
		CountDownLatch started = new CountDownLatch(8);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			Thread thread = new Thread(() -> {
				started.countDown();
				long i = 0;
				try {
					while (running.get()) {
						hit.fire("thread-" + Thread.currentThread().getName(), i++);
						fired.incrementAndGet();
						if ((i & 63) == 0) {
							// leave the two CI cores some room for bpftrace itself
							Thread.sleep(1);
						}
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			}, "firer-" + t);
			thread.start();
			threads.add(thread);
		}
		started.await();
		String program = "usdt:" + provider.library().orElseThrow() + ":e2e_race:hit { @hits = count(); }";
		for (int cycle = 0; cycle < 3; cycle++) {
			try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
				bpftrace.awaitCondition(hit::isEnabled, "semaphore set by bpftrace");
				Thread.sleep(200);
				List<String> output = bpftrace.stop();
				assertThat(output).anySatisfy((line) -> assertThat(line).matches("@hits: [1-9][0-9]*"));
			}
			Bpftrace.await(() -> !hit.isEnabled(), Duration.ofSeconds(30), "semaphore cleared after detach");
		}
		try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
			bpftrace.awaitCondition(hit::isEnabled, "semaphore set by bpftrace");
			runtime.close();
			assertThat(hit.isEnabled()).isFalse();
			long afterClose = fired.get();
			Thread.sleep(200);
			running.set(false);
			for (Thread thread : threads) {
				thread.join(10_000);
			}
			assertThat(fired.get()).isGreaterThan(afterClose);
		}
		assertThat(failure.get()).isNull();
	}

}
