package dev.usdt;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two runtimes of one JVM (two cached Spring test contexts) registering one provider name: with the
 * same probes they share one library; with different probes both libraries are mapped, which
 * tracers attaching with -p cannot tell apart, and the second registration says so.
 */
class ProviderRegisteredTwiceTests {

	@TempDir
	Path directory;

	@Test
	void theSameProviderInTwoRuntimesSharesItsLibraryWithoutAWarn() {
		ProviderDefinition shop = ProviderDefinition.of("twice_same", ProbeDefinition.of("placed", ArgumentKind.STRING));
		try (UsdtRuntime first = runtime(); UsdtRuntime second = runtime(); LogCapture log = LogCapture.start()) {
			Path library = first.register(shop).library().orElseThrow();
			assertThat(second.register(shop).library()).contains(library);
			assertThat(log.warnings()).isEmpty();
		}
	}

	@Test
	void oneNameWithOtherProbesInAnotherRuntimeIsNamedInOneWarn() {
		try (UsdtRuntime first = runtime(); UsdtRuntime second = runtime(); LogCapture log = LogCapture.start()) {
			Path one = first.register(ProviderDefinition.of("twice_other", ProbeDefinition.of("placed", ArgumentKind.STRING)))
				.library()
				.orElseThrow();
			Path other = second
				.register(ProviderDefinition.of("twice_other", ProbeDefinition.of("shipped", ArgumentKind.INT64)))
				.library()
				.orElseThrow();
			assertThat(log.warnings()).singleElement()
				.satisfies((warning) -> assertThat(warning).contains("USDT provider twice_other is registered twice")
					.contains(one.toString())
					.contains(other.toString())
					.contains("give one of them another provider name"));
		}
	}

	private UsdtRuntime runtime() {
		return UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.directory));
	}

}
