package dev.usdt;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.ProviderParser;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background preparation parses a sample that is valid (a failure would be swallowed and the
 * preparation wasted), runs on a daemon thread of its own, and starts once however often it is
 * asked to.
 */
class StartupPreparationTests {

	@Test
	void theSampleIsAValidDefinitionWithoutWarnings() {
		DefinitionFile file = ProviderParser.parse("usdt-warm-up.d", StartupPreparation.SAMPLE);
		assertThat(file.providers()).singleElement().satisfies((provider) -> assertThat(provider.probes()).hasSize(2));
		assertThat(file.warnings()).isEmpty();
	}

	@Test
	void preparationRunsOnceOnADaemonThreadAndEnds() throws Exception {
		UsdtRuntime.prepareInBackground();
		UsdtRuntime.prepareInBackground();
		assertThat(preparationThreads()).isLessThanOrEqualTo(1);
		Bpftrace.await(() -> preparationThreads() == 0, Duration.ofSeconds(30), "preparation finished");
	}

	private static long preparationThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().equals("usdt-startup-preparation"))
			.peek((thread) -> assertThat(thread.isDaemon()).isTrue())
			.count();
	}

}
