package dev.usdt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work waiting for the first enabled probe runs when a real tracer attaches, once, and at once
 * for whoever asks while a probe may already be enabled.
 */
class ProbeActivationBpftraceTests {

	@TempDir
	Path tempDir;

	@Test
	void waitingWorkRunsOnceWhenBpftraceFirstAttaches() throws Exception {
		Bpftrace.assumeAvailable();
		try (UsdtRuntime runtime = UsdtRuntime.create(
				UsdtOptions.defaults().withLibraryDirectory(this.tempDir.resolve("lib")).withWatchInterval(Duration.ofMillis(10)))) {
			Provider provider = runtime.register(ProviderDefinition.of("e2e_activation",
					ProbeDefinition.of("tick", ArgumentKind.INT64)));
			Bpftrace.await(() -> !ProbeActivation.anyMayBeEnabled(), SemaphoreWatcher.OFF_DELAY.multipliedBy(5),
					"guard off at rest");
			AtomicInteger runs = new AtomicInteger();
			ProbeActivation.whenFirstEnabled(runs::incrementAndGet);
			Thread.sleep(200);
			assertThat(runs).as("nothing traced yet").hasValue(0);
			String program = "usdt:" + provider.library().orElseThrow() + ":e2e_activation:tick { @ = count(); }";
			try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
				Bpftrace.await(() -> runs.get() == 1, Duration.ofSeconds(30), "the waiting work ran");
				AtomicInteger late = new AtomicInteger();
				ProbeActivation.whenFirstEnabled(late::incrementAndGet);
				assertThat(late).as("asked while the guard is on: runs at once").hasValue(1);
			}
			Bpftrace.await(() -> !ProbeActivation.anyMayBeEnabled(), Duration.ofSeconds(30), "guard off again");
			try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), "usdt:" + provider.library().orElseThrow()
					+ ":e2e_activation:tick { @ = count(); }")) {
				Bpftrace.await(ProbeActivation::anyMayBeEnabled, Duration.ofSeconds(30), "guard on again");
			}
			assertThat(runs).as("ran once, not at every flip").hasValue(1);
		}
	}

}
