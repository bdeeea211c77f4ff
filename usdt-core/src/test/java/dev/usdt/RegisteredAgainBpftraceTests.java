package dev.usdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider closed and registered again from another library in the same JVM (a context started
 * again with a changed definition, or with another library directory) leaves the closed library
 * mapped, since libraries are never unmapped. bpftrace merges the probe sites of every library of
 * the process with the same provider and probe name, so the closed one must leave the disk: else
 * its sites are attached too, in the new library's file, and bpftrace prints each event twice or
 * cannot read the arguments. See {@code docs/file-lifecycle.md §5}.
 */
class RegisteredAgainBpftraceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	Path tempDir;

	@BeforeAll
	static void assumeTracer() {
		Bpftrace.assumeAvailable();
	}

	@Test
	void anotherDefinitionRegisteredUnderTheClosedOnesNameIsTracedWithItsOwnArguments() throws Exception {
		Path directory = this.tempDir.resolve("lib");
		UsdtRuntime first = runtime(directory);
		Path closedLibrary = first.register(definition("again_args", arg("cents", ArgumentKind.INT64)))
			.library()
			.orElseThrow();
		first.close();
		UsdtRuntime second = runtime(directory);
		try {
			Provider provider = second.register(definition("again_args", arg("id", ArgumentKind.STRING),
					arg("cents", ArgumentKind.INT64)));
			assertThat(closedLibrary).as("library of the closed provider").doesNotExist();
			assertThat(traceThreeFires(second, provider)).containsExactly("A-1 1", "A-2 2", "A-3 3");
		}
		finally {
			second.close();
		}
	}

	@Test
	void aDefinitionRegisteredAgainAfterItsFileWentIsMappedFromTheFileWrittenBack() throws Exception {
		Path directory = this.tempDir.resolve("lib");
		ProviderDefinition definition = definition("again_back", arg("id", ArgumentKind.STRING),
				arg("cents", ArgumentKind.INT64));
		UsdtRuntime first = runtime(directory);
		Path library = first.register(definition).library().orElseThrow();
		first.close();
		UsdtRuntime other = runtime(directory);
		other.register(definition("again_back", arg("cents", ArgumentKind.INT64)));
		other.close();
		assertThat(library).as("removed when another definition was registered").doesNotExist();
		UsdtRuntime second = runtime(directory);
		try {
			Provider provider = second.register(definition);
			assertThat(provider.library()).contains(library);
			assertThat(provider.isLibraryOnDisk()).isTrue();
			// dlopen gave back the old handle: its mapping is now the file written back
			assertThat(mappings(library)).isNotEmpty().noneMatch((line) -> line.endsWith("(deleted)"));
			assertThat(traceThreeFires(second, provider)).containsExactly("A-1 1", "A-2 2", "A-3 3");
		}
		finally {
			second.close();
		}
	}

	@Test
	void theSameDefinitionInAnotherDirectoryAfterTheFirstClosedFiresOnce() throws Exception {
		ProviderDefinition definition = definition("again_moved", arg("id", ArgumentKind.STRING),
				arg("cents", ArgumentKind.INT64));
		UsdtRuntime first = runtime(this.tempDir.resolve("one"));
		Path closedLibrary = first.register(definition).library().orElseThrow();
		first.close();
		UsdtRuntime second = runtime(this.tempDir.resolve("two"));
		try {
			Provider provider = second.register(definition);
			assertThat(closedLibrary).as("library of the closed provider").doesNotExist();
			assertThat(traceThreeFires(second, provider)).containsExactly("A-1 1", "A-2 2", "A-3 3");
		}
		finally {
			second.close();
		}
	}

	/** Attaches bpftrace to the provider's {@code placed} probe, fires it three times and returns what it printed. */
	private static List<String> traceThreeFires(UsdtRuntime runtime, Provider provider) throws Exception {
		Probe placed = provider.probe("placed");
		String program = "usdt:" + provider.library().orElseThrow() + ":" + provider.name() + ":placed { printf(\"%s %d\\n\", str(arg0), arg1); }";
		try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
			bpftrace.awaitCondition(placed::isEnabled, "semaphore set by bpftrace");
			for (int i = 1; i <= 3; i++) {
				placed.fireArgs("A-" + i, (long) i);
			}
			bpftrace.awaitLines(3, TIMEOUT);
			// Time for a second, duplicate event of each fire to arrive
			Thread.sleep(Bpftrace.SETTLE.toMillis());
			assertThat(bpftrace.transcript()).as("bpftrace's transcript").contains("Attaching 1 probe");
			return bpftrace.output();
		}
	}

	private static UsdtRuntime runtime(Path directory) {
		return UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(directory));
	}

	/** This process's mappings of {@code library}, as {@code /proc/self/maps} lines. */
	private static List<String> mappings(Path library) throws IOException {
		return Files.readAllLines(Path.of("/proc/self/maps"))
			.stream()
			.filter((line) -> line.contains(library.toString()))
			.toList();
	}

	/** A provider with one probe, {@code placed}. */
	private static ProviderDefinition definition(String provider, ProbeArgument... arguments) {
		return new ProviderDefinition(provider,
				List.of(new ProbeDefinition("placed", List.of(arguments), List.of(), SourceLocation.of("test"))),
				Map.of(), SourceLocation.of("test"));
	}

	private static ProbeArgument arg(String name, ArgumentKind kind) {
		return ProbeArgument.of(name, kind);
	}

}
