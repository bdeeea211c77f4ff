package dev.usdt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.testsupport.Bpftrace;
import dev.usdt.testsupport.ChildJvm;
import dev.usdt.testsupport.LiveFires;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JVMs in other PID namespaces (made with {@code unshare}, each PID 1 there) that share the
 * library directory register the same provider and exit: the live JVM's library stays on disk and
 * mapped, and a real bpftrace counts its new fires by path and with {@code usdt:*}.
 */
class NeighbourNamespacesBpftraceTests {

	@TempDir
	Path tempDir;

	private Path definitions;

	@BeforeEach
	void writeDefinitions() throws Exception {
		Bpftrace.assumeAvailable();
		Bpftrace.assumeTool(Bpftrace.onPath("unshare"), "needs unshare(1) from util-linux");
		this.definitions = LiveFires.writeDefinition(this.tempDir, "neighbours");
	}

	@Test
	void twoPidNamespaceNeighboursThatAreEachPidOneRegisterTheSameProviderAndExitWithoutBreakingTheLiveJvm()
			throws Exception {
		Path libraries = this.tempDir.resolve("lib");
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(libraries))) {
			Provider provider = runtime.register(this.definitions).get(0);
			Path library = provider.library().orElseThrow();
			for (int i = 0; i < 2; i++) {
				try (ChildJvm neighbour = ChildJvm.fireIn(List.of("unshare", "--pid", "--fork", "--mount-proc"),
						List.of(this.definitions.toString(), "neighbours", "tick", "1", "--count", "1"),
						"-Dusdt.library-dir=" + libraries)) {
					assertThat(neighbour.pid()).as("the neighbour's pid in its own namespace").isEqualTo(1);
					assertThat(neighbour.library()).isEqualTo(library.toString());
					assertThat(neighbour.waitFor(Duration.ofSeconds(60))).as("%s", neighbour.output()).isZero();
				}
			}
			assertThat(library).exists();
			String maps = Files.readString(Path.of("/proc/self/maps"));
			assertThat(maps).contains(library.toString()).doesNotContain(library + " (deleted)");
			Probe tick = provider.probe("tick");
			assertThat(LiveFires.count(runtime.pid(), library.toString(), tick)).isEqualTo(10);
			assertThat(LiveFires.count(runtime.pid(), "*", tick)).isEqualTo(10);
		}
	}

}
