package dev.usdt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dynamic linker knows a loaded library by its file's device and inode, and returns that
 * library for any later file with the same ones. A put-back maps a new file over the old one, so
 * the old file's inode must stay allocated: else the filesystem gives it to the next library
 * written, whose dlopen then returns the old library and whose symbols are not found.
 */
class RecycledInodeTests {

	@TempDir
	Path tempDir;

	@Test
	void providersRegisteredAfterAPutBackGetLibrariesOfTheirOwn() throws Exception {
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("lib")))) {
			Provider first = runtime.register(definition("recycled_first"));
			Files.delete(first.library().orElseThrow());
			Bpftrace.await(first::isLibraryOnDisk, Duration.ofSeconds(10), "library put back");
			for (int i = 0; i < 20; i++) {
				// Threw 'undefined symbol: recycled_N_tick_semaphore' in the put-back library
				Provider next = runtime.register(definition("recycled_" + i));
				assertThat(next.probe("tick").definition().name()).isEqualTo("tick");
			}
		}
	}

	private static ProviderDefinition definition(String provider) {
		return ProviderDefinition.of(provider, ProbeDefinition.of("tick", ArgumentKind.INT64));
	}

}
