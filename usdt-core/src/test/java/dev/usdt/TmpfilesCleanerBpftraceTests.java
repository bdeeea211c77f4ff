package dev.usdt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.testsupport.Bpftrace;
import dev.usdt.testsupport.LiveFires;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code systemd-tmpfiles --clean} with an aging rule of one second on the library
 * directory, or on its parent (like RHEL's {@code q /tmp 1777 root root 10d}), runs while a JVM
 * maps its libraries: it removes an aged unrelated file (so the rule did apply) and none of the
 * JVM's files, and a real bpftrace counts the JVM's new fires afterwards.
 */
class TmpfilesCleanerBpftraceTests {

	@TempDir
	Path tempDir;

	@ParameterizedTest(name = "rule on the {0}")
	@ValueSource(strings = { "library directory", "parent directory" })
	void systemdTmpfilesCleanWithAOneSecondAgeLeavesARunningJvmsLibrariesInPlaceAndTraceable(String ruleOn)
			throws Exception {
		Bpftrace.assumeAvailable();
		Bpftrace.assumeTool(Bpftrace.onPath("systemd-tmpfiles"),
				"needs systemd-tmpfiles (apt-get install -y systemd)");
		Path definitions = LiveFires.writeDefinition(this.tempDir, "aged");
		Path parent = Files.createDirectory(this.tempDir.resolve("tmp"));
		Path libraries = parent.resolve("usdt-lib");
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(libraries))) {
			Provider provider = runtime.register(definitions).get(0);
			Path library = provider.library().orElseThrow();
			List<String> before = entries(libraries);
			Path ruled = ruleOn.startsWith("library") ? libraries : parent;
			Path unrelated = Files.writeString(ruled.resolve("unrelated.txt"), "aged");
			Path config = Files.writeString(this.tempDir.resolve("usdt-test.conf"), "d " + ruled + " - - - 1s\n");
			// Every timestamp of every file must be older than the one-second age
			Thread.sleep(2_500);
			Process clean = new ProcessBuilder("systemd-tmpfiles", "--clean", config.toString()).redirectErrorStream(true)
				.start();
			String transcript = new String(clean.getInputStream().readAllBytes());
			assertThat(clean.waitFor()).as(transcript).isZero();
			assertThat(unrelated).as("the aged unrelated file the rule applies to").doesNotExist();
			assertThat(entries(libraries)).as("the JVM's files after the cleaner ran").isEqualTo(before);
			assertThat(Files.readString(Path.of("/proc/self/maps"))).doesNotContain(library + " (deleted)");
			assertThat(LiveFires.count(runtime.pid(), library.toString(), provider.probe("tick"))).isEqualTo(10);
		}
	}

	private static List<String> entries(Path directory) throws Exception {
		try (var files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

}
