package dev.usdt;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.scheduling.UsdtScheduler;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast guard follows a real tracer: on within the watch interval after bpftrace attaches,
 * off again once the semaphores stayed zero for the off delay after it detaches; and however many
 * runtimes and probes exist, one task on the shared scheduler serves them all, and none runs where
 * reading the semaphores could not change the guard.
 */
class ProbeGuardBpftraceTests {

	@TempDir
	Path tempDir;

	@Test
	void guardFlipsOnWhenBpftraceAttachesAndOffAfterItDetaches() throws Exception {
		Bpftrace.assumeAvailable();
		Duration interval = Duration.ofMillis(10);
		try (UsdtRuntime runtime = UsdtRuntime.create(options().withWatchInterval(interval))) {
			Provider provider = runtime.register(ProviderDefinition.of("e2e_guard",
					ProbeDefinition.of("flip", ArgumentKind.INT64)));
			Probe flip = provider.probe("flip");
			Bpftrace.await(() -> !ProbeGuard.isOn(), SemaphoreWatcher.OFF_DELAY.multipliedBy(5), "guard off at rest");
			String program = "usdt:" + provider.library().orElseThrow() + ":e2e_guard:flip { printf(\"flip %d\\n\", arg0); }";
			try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
				Bpftrace.await(flip::isEnabled, Duration.ofSeconds(30), "semaphore armed");
				long armed = System.nanoTime();
				Bpftrace.await(ProbeGuard::isOn, Duration.ofSeconds(5), "guard on");
				assertThat(Duration.ofNanos(System.nanoTime() - armed)).isLessThan(Duration.ofMillis(500));
				Thread.sleep(Bpftrace.SETTLE.toMillis());
				flip.fire(7);
				assertThat(bpftrace.awaitLines(1, Duration.ofSeconds(30))).containsExactly("flip 7");
			}
			Bpftrace.await(() -> !flip.isEnabled(), Duration.ofSeconds(30), "semaphore cleared");
			long cleared = System.nanoTime();
			Bpftrace.await(() -> !ProbeGuard.isOn(), Duration.ofSeconds(10), "guard off again");
			assertThat(Duration.ofNanos(System.nanoTime() - cleared)).isLessThan(SemaphoreWatcher.OFF_DELAY.plusSeconds(2));
		}
	}

	@Test
	void guardStaysOnForTheOffDelayAfterTheLastSemaphoreClears() throws Exception {
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP))) {
			Probe probe = runtime.register(ProviderDefinition.of("hysteresis", ProbeDefinition.of("a"))).probe("a");
			ProbeSemaphores.overrideForTesting(probe, true);
			assertThat(ProbeGuard.isOn()).isTrue();
			assertThat(probe.shouldFire()).isTrue();
			ProbeSemaphores.overrideForTesting(probe, false);
			long cleared = System.nanoTime();
			assertThat(probe.shouldFire()).isFalse();
			Bpftrace.await(() -> !ProbeGuard.isOn(), Duration.ofSeconds(10), "guard off");
			assertThat(Duration.ofNanos(System.nanoTime() - cleared))
				.isGreaterThanOrEqualTo(SemaphoreWatcher.OFF_DELAY.minusMillis(50));
		}
	}

	@Test
	void manyRuntimesAndProbesShareOneWatcherThread() {
		UsdtRuntime[] runtimes = new UsdtRuntime[5];
		try {
			for (int r = 0; r < runtimes.length; r++) {
				runtimes[r] = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP));
				for (int p = 0; p < 20; p++) {
					runtimes[r].register(ProviderDefinition.of("many_" + p, ProbeDefinition.of("a"),
							ProbeDefinition.of("b", ArgumentKind.STRING)));
				}
			}
			long threads = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.getName().startsWith("usdt-"))
				.count();
			assertThat(threads).isEqualTo(1);
			assertThat(watcherTasks()).isOne();
		}
		finally {
			for (UsdtRuntime runtime : runtimes) {
				if (runtime != null) {
					runtime.close();
				}
			}
		}
	}

	@Test
	void withoutFastGuardEveryFireReadsTheSemaphoreAndNothingPollsIt() throws Exception {
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP)
			.withFastGuard(false))) {
			runtime.register(ProviderDefinition.of("exact", ProbeDefinition.of("a")));
			assertThat(ProbeGuard.isOn()).isTrue();
			assertThat(watcherTasks()).isZero();
		}
		// Closed: the guard has to turn off after the off delay, and then nothing is left to watch
		Bpftrace.await(() -> !ProbeGuard.isOn(), SemaphoreWatcher.OFF_DELAY.multipliedBy(5), "guard off");
		Bpftrace.await(() -> watcherTasks() == 0, Duration.ofSeconds(5), "watcher task cancelled");
	}

	@Test
	void aFastGuardProviderIsWatchedAtItsIntervalUntilItCloses() throws Exception {
		Duration interval = Duration.ofMillis(15);
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP)
			.withWatchInterval(interval))) {
			runtime.register(ProviderDefinition.of("watched", ProbeDefinition.of("a")));
			assertThat(watcherTasks()).isOne();
			assertThat(SemaphoreWatcher.INSTANCE.task().interval()).isEqualTo(interval);
		}
		Bpftrace.await(() -> watcherTasks() == 0, SemaphoreWatcher.OFF_DELAY.multipliedBy(5), "watcher task cancelled");
	}

	private static long watcherTasks() {
		return UsdtScheduler.shared().taskNames().stream().filter(SemaphoreWatcher.TASK_NAME::equals).count();
	}

	private UsdtOptions options() {
		return UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("lib"));
	}

}
