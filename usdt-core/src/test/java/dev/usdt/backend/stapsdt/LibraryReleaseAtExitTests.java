package dev.usdt.backend.stapsdt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.LoadedProvider;
import dev.usdt.nativeaccess.ProcessCredentials;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the JVM begins to exit, the library directory is released (this JVM's leases dropped,
 * libraries nobody else holds deleted) only once no provider uses its libraries any more: a Spring
 * context that is still draining requests keeps them, and the close of its runtime releases them.
 * Until then, a removed library is still put back.
 */
class LibraryReleaseAtExitTests {

	@TempDir
	Path tempDir;

	@Test
	void exitWhileAProviderIsOpenKeepsItsLibrariesUntilTheProviderIsClosed() throws Exception {
		Path path = this.tempDir.resolve("lib");
		StapsdtBackend backend = StapsdtBackend.create(path);
		LoadedProvider provider = backend.load(definition());
		Path library = provider.library().orElseThrow();
		LibraryRestorer restorer = LibraryRestorer.of(LibraryDirectory.open(path, ProcessCredentials.realUid()));
		restorer.exit();
		assertThat(library).exists();
		Files.delete(library);
		restorer.checkNow();
		assertThat(provider.isLibraryOnDisk()).as("put back while the provider is open, even during exit").isTrue();
		provider.release();
		assertThat(entries(path)).containsExactly(".lock");
	}

	@Test
	void exitWithNoProviderOpenReleasesAtOnce() throws Exception {
		Path path = this.tempDir.resolve("lib");
		StapsdtBackend backend = StapsdtBackend.create(path);
		backend.load(definition()).release();
		assertThat(entries(path)).hasSizeGreaterThan(1);
		LibraryRestorer.of(LibraryDirectory.open(path, ProcessCredentials.realUid())).exit();
		assertThat(entries(path)).containsExactly(".lock");
	}

	@Test
	void everyLibraryIsWatchedOnceHoweverManyRuntimesLoadIt() throws Exception {
		Path path = this.tempDir.resolve("lib");
		for (int i = 0; i < 20; i++) {
			StapsdtBackend.create(path).load(definition()).release();
		}
		LibraryRestorer restorer = LibraryRestorer.of(LibraryDirectory.open(path, ProcessCredentials.realUid()));
		assertThat(restorer.watchedCount()).as("the trampoline and the provider's library").isEqualTo(2);
	}

	private static ProviderDefinition definition() {
		return new ProviderDefinition("leaving", List.of(ProbeDefinition.of("tick", ArgumentKind.INT64)),
				Map.of(), SourceLocation.of("leaving.d"));
	}

	private static List<String> entries(Path directory) throws Exception {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

}
