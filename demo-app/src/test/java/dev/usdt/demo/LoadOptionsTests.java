package dev.usdt.demo;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The load generator's command line.
 */
class LoadOptionsTests {

	@Test
	void defaultsToTwentyRequestsPerSecondAgainstLocalhostUntilStopped() {
		assertThat(LoadOptions.parse("--load")).isEqualTo(new LoadOptions(URI.create("http://localhost:8080"), 20, 0));
	}

	@Test
	void readsUrlRateAndCount() {
		assertThat(LoadOptions.parse("--load", "--url=http://demo:9090/", "--rate=5", "--count=100"))
			.isEqualTo(new LoadOptions(URI.create("http://demo:9090"), 5, 100));
	}

	@Test
	void readsThreadsAndSecondsForTheClosedLoopMode() {
		assertThat(LoadOptions.parse("--load", "--threads=4", "--seconds=15"))
			.isEqualTo(new LoadOptions(URI.create("http://localhost:8080"), 20, 0, 4, 15));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--threads=-1"))
			.withMessageContaining("--threads must be 0 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--seconds=0"))
			.withMessageContaining("--seconds at least 1");
	}

	@Test
	void rejectsAnUnknownOptionWithTheUsage() {
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--load", "--port=8080"))
			.withMessageContaining("unknown option --port=8080")
			.withMessageContaining("usage: java -jar demo-app.jar --load");
	}

	@Test
	void rejectsARateThatIsNotAPositiveNumber() {
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--rate=fast"))
			.withMessageContaining("--rate needs a number, got 'fast'");
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--rate=0"))
			.withMessageContaining("--rate must be at least 1");
	}

}
