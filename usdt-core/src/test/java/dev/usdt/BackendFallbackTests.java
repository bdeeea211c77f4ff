package dev.usdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.nativeaccess.ProcessCredentials;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.Bpftrace;
import dev.usdt.testsupport.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A library directory the runtime cannot or must not use: a noexec mount, a read-only directory, a
 * symlink, loose permissions or another owner. Without strict mode the runtime falls back to no-op
 * probes with exactly one WARN that says why and how to fix it; in strict mode it throws. A
 * refused default candidate is skipped for the next one, with a WARN. Nothing is written into a
 * refused directory.
 */
class BackendFallbackTests {

	private static final ProviderDefinition SHOP = ProviderDefinition.of("shop",
			ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.UINT64));

	@TempDir
	Path tempDir;

	private final int uid = ProcessCredentials.realUid();

	@Test
	void noexecMountDegradesToNoopWithOneWarnOrFailsInStrictMode() throws Exception {
		Bpftrace.assumeTool(this.uid == 0, "mounting a noexec tmpfs needs root");
		Path mount = Files.createDirectory(this.tempDir.resolve("noexec"));
		mount(mount, "noexec");
		try {
			assertDegradesToNoop(mount.resolve("lib"), "failed to map segment from shared object");
			try (LogCapture log = LogCapture.start();
					UsdtRuntime runtime = UsdtRuntime.create(options(mount.resolve("lib"), false))) {
				// the JDK's message and dlerror's both name the library: the WARN names it once
				assertThat(log.warnings()).singleElement()
					.satisfies((warning) -> assertThat(warning.split("usdt-trampoline-", -1)).hasSize(2));
			}
			// the library it could not map is not left at the path a tracer would attach to
			assertThat(entries(mount.resolve("lib"))).noneMatch((name) -> name.endsWith(".so"));
		}
		finally {
			unmount(mount);
		}
	}

	@Test
	void readOnlyDirectoryDegradesToNoopWithOneWarnOrFailsInStrictMode() throws Exception {
		Path directory = Files.createDirectory(this.tempDir.resolve("readonly"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		if (this.uid == 0) {
			// root writes through file modes: only a read-only mount stops it
			mount(directory, "ro,mode=0700");
		}
		else {
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-x------"));
		}
		try {
			assertDegradesToNoop(directory, (this.uid == 0) ? "Read-only file system" : "Permission denied");
		}
		finally {
			if (this.uid == 0) {
				unmount(directory);
			}
		}
	}

	@Test
	void directoryThatCannotBeCreatedDegradesToNoopWithOneWarnOrFailsInStrictMode() throws Exception {
		Path file = Files.createFile(this.tempDir.resolve("plain-file"));
		assertDegradesToNoop(file.resolve("lib"), "lib: ");
	}

	@Test
	void symlinkedDirectoryDegradesToNoopWithOneWarnAndIsNeverWrittenInto() throws Exception {
		Path target = Files.createDirectory(this.tempDir.resolve("planted"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path link = Files.createSymbolicLink(this.tempDir.resolve("lib"), target);
		assertDegradesToNoop(link, "is a symbolic link");
		assertThat(entries(target)).isEmpty();
	}

	@Test
	void looselyPermittedDirectoryDegradesToNoopWithOneWarnAndIsNeverWrittenInto() throws Exception {
		Path directory = Files.createDirectory(this.tempDir.resolve("lib"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertDegradesToNoop(directory, "has mode rwxrwxrwx");
		assertThat(entries(directory)).isEmpty();
	}

	@Test
	void directoryOfAnotherOwnerDegradesToNoopWithOneWarnAndIsNeverWrittenInto() throws Exception {
		Bpftrace.assumeTool(this.uid == 0, "chown to another user needs root");
		Path directory = Files.createDirectory(this.tempDir.resolve("lib"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.setAttribute(directory, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
		assertDegradesToNoop(directory, "is owned by uid 65534");
		assertThat(entries(directory)).isEmpty();
	}

	@Test
	void refusedDefaultCandidateIsSkippedForTheNextOneWithAWarn() throws Exception {
		Path jnaTmp = Files.createDirectory(this.tempDir.resolve("jna"));
		Path javaTmp = Files.createDirectory(this.tempDir.resolve("java"));
		Path planted = Files.createDirectory(this.tempDir.resolve("planted"));
		Files.createSymbolicLink(jnaTmp.resolve("usdt-" + this.uid), planted);
		String jna = System.getProperty("jna.tmpdir");
		String java = System.getProperty("java.io.tmpdir");
		System.setProperty("jna.tmpdir", jnaTmp.toString());
		System.setProperty("java.io.tmpdir", javaTmp.toString());
		try (LogCapture log = LogCapture.start();
				UsdtRuntime runtime = UsdtRuntime.create(options(null, false))) {
			assertThat(runtime.backend()).isEqualTo("stapsdt");
			Path library = runtime.register(SHOP).library().orElseThrow();
			assertThat(library.getParent()).isEqualTo(javaTmp.resolve("usdt-" + this.uid));
			assertThat(log.warnings()).singleElement()
				.satisfies((warning) -> assertThat(warning).contains("USDT probe libraries go to " + library.getParent())
					.contains(jnaTmp.resolve("usdt-" + this.uid) + " is a symbolic link"));
		}
		finally {
			restore("jna.tmpdir", jna);
			restore("java.io.tmpdir", java);
		}
		assertThat(entries(planted)).isEmpty();
	}

	@Test
	void nativeImageDegradesToNoopWithOneWarnAndWritesNothing() throws Exception {
		Path directory = Files.createDirectory(this.tempDir.resolve("lib"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		// what GraalVM sets in a native image; the backend is chosen before any native code runs
		System.setProperty(BackendSelector.NATIVE_IMAGE_PROPERTY, "runtime");
		try (LogCapture log = LogCapture.start(); UsdtRuntime runtime = UsdtRuntime.create(options(directory, false))) {
			assertThat(runtime.backend()).isEqualTo("noop");
			runtime.register(SHOP).probe("order__placed").fire("A-1", 1299);
			assertThat(log.warnings()).singleElement()
				.satisfies((warning) -> assertThat(warning).contains("USDT probes are disabled (no-op backend)")
					.contains("cannot be traced in a GraalVM native image yet"));
			assertThatExceptionOfType(UsdtException.class)
				.isThrownBy(() -> UsdtRuntime.create(options(directory, true)))
				.withMessageContaining("cannot be traced in a GraalVM native image yet");
		}
		finally {
			System.clearProperty(BackendSelector.NATIVE_IMAGE_PROPERTY);
		}
		assertThat(entries(directory)).isEmpty();
	}

	/** Non-strict: no-op probes and one WARN naming the reason; strict: UsdtException with it. */
	private void assertDegradesToNoop(Path directory, String reason) throws IOException {
		try (LogCapture log = LogCapture.start(); UsdtRuntime runtime = UsdtRuntime.create(options(directory, false))) {
			assertThat(runtime.backend()).isEqualTo("noop");
			Provider provider = runtime.register(SHOP);
			Probe placed = provider.probe("order__placed");
			placed.fire("A-1", 1299);
			assertThat(placed.isEnabled()).isFalse();
			assertThat(provider.library()).isEmpty();
			assertThat(log.warnings()).singleElement()
				.satisfies((warning) -> assertThat(warning).contains("USDT probes are disabled (no-op backend)")
					.contains(reason)
					.satisfies((text) -> assertThat(text.split(Pattern.quote(directory.toString()), -1))
						.as("the directory is named once").hasSize(2))
					.contains("set usdt.library-dir to a private directory on a filesystem mounted without noexec")
					.doesNotContain("resource path")
					.hasSizeLessThan(600));
		}
		assertThatExceptionOfType(UsdtException.class).isThrownBy(() -> UsdtRuntime.create(options(directory, true)))
			.withMessageContaining("USDT backend 'auto' cannot work here")
			.withMessageContaining(reason);
	}

	private static UsdtOptions options(Path directory, boolean strict) {
		return UsdtOptions.defaults().withBackend(BackendKind.AUTO).withLibraryDirectory(directory).withStrict(strict);
	}

	private static void mount(Path directory, String options) throws Exception {
		run("mount", "-t", "tmpfs", "-o", options, "tmpfs", directory.toString());
	}

	private static void unmount(Path directory) throws Exception {
		run("umount", directory.toString());
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
	}

	private static void restore(String property, String value) {
		if (value != null) {
			System.setProperty(property, value);
		}
		else {
			System.clearProperty(property);
		}
	}

	private static List<String> entries(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

}
