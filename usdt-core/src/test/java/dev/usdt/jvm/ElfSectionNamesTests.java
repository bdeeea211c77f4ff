package dev.usdt.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.Provider;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/** The section-name scan behind the hotspot naming check, on real ELF files of this machine. */
class ElfSectionNamesTests {

	@TempDir
	Path tempDir;

	@Test
	void runningLibjvmIsFoundInProcSelfMaps() throws IOException {
		Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
		assertThat(HotSpotNativeProbes.libjvm()).hasValueSatisfying((libjvm) -> {
			assertThat(libjvm.getFileName()).hasToString("libjvm.so");
			assertThat(libjvm.startsWith(javaHome)).isTrue();
		});
	}

	@Test
	void generatedProviderLibraryHasAStapsdtNote() throws IOException {
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("lib")))) {
			Provider provider = runtime.register(ProviderDefinition.of("elfscan", ProbeDefinition.of("p")));
			assertThat(ElfSectionNames.of(provider.library().orElseThrow())).contains(".note.stapsdt", ".dynsym");
			assertThat(HotSpotNativeProbes.presentIn(provider.library().orElseThrow())).isTrue();
		}
	}

	@Test
	void javaLauncherHasSectionsButNoStapsdtNote() throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		assertThat(ElfSectionNames.of(java)).contains(".text", ".dynamic").doesNotContain(".note.stapsdt");
	}

	@Test
	void fileThatIsNotElfIsRejected() throws IOException {
		Path text = Files.writeString(this.tempDir.resolve("not-elf.so"), "just text, long enough to hold a header?".repeat(4));
		assertThatIOException().isThrownBy(() -> ElfSectionNames.of(text)).withMessageContaining("not a 64-bit ELF file");
	}

	@Test
	void truncatedElfIsRejected() throws IOException {
		byte[] launcher = Files.readAllBytes(Path.of(System.getProperty("java.home"), "bin", "java"));
		Path truncated = Files.write(this.tempDir.resolve("truncated"), Arrays.copyOf(launcher, 4096));
		assertThatIOException().isThrownBy(() -> ElfSectionNames.of(truncated)).withMessageContaining("outside the file");
	}

}
