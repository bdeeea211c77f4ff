package dev.usdt.reliability;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak run in short form (ten seconds; {@code -Dusdt.soak.seconds=N} for longer, or
 * {@code scripts/soak.sh --minutes N}): mixed firing from four threads, register/close cycles and
 * bpftrace attach/detach cycles, with no error and no growth in mappings, descriptors, threads or
 * library files.
 */
class SoakTests {

	@TempDir
	Path tempDir;

	@Test
	void firingWhileRegisteringClosingAndBpftraceAttachingLeavesNothingBehind() throws Exception {
		Bpftrace.assumeAvailable();
		Duration duration = Duration.ofSeconds(Long.getLong("usdt.soak.seconds", 10));
		Soak.Result result = new Soak(duration, this.tempDir.resolve("lib")).run();
		System.out.println(result.report());
		assertThat(result.failure()).isNull();
		assertThat(result.grew()).isEmpty();
		assertThat(result.cycles()).isPositive();
		assertThat(result.attaches()).isPositive();
		assertThat(result.traced()).isPositive();
	}

}
