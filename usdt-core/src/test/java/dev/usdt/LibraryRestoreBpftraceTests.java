package dev.usdt;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.testsupport.Bpftrace;
import dev.usdt.testsupport.LiveFires;
import dev.usdt.testsupport.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live JVM's library disappears anyway ({@code rm}, the whole directory removed, a symlink
 * planted in its place, a full disk when it must be put back): the runtime notices within a second,
 * logs one WARN naming the path, puts the same file back and maps it, and a real bpftrace counts new
 * fires by path and with {@code usdt:*}; what cannot be put back yet ends in a WARN saying why and
 * probes that keep firing, and heals once the cause is gone.
 */
class LibraryRestoreBpftraceTests {

	private static final Duration NOTICED = Duration.ofSeconds(1);

	private static final Duration RESTORED = Duration.ofSeconds(2);

	@TempDir
	Path tempDir;

	private Path definitions;

	@BeforeEach
	void writeDefinitions() throws Exception {
		Bpftrace.assumeAvailable();
		this.definitions = LiveFires.writeDefinition(this.tempDir, "restored");
	}

	@Test
	void aRemovedLibraryIsNoticedWithOneWarnPutBackWithinTwoSecondsAndTracedByPathAndByPid() throws Exception {
		try (UsdtRuntime runtime = runtime(this.tempDir.resolve("lib")); LogCapture log = LogCapture.start()) {
			Provider provider = runtime.register(this.definitions).get(0);
			Path library = provider.library().orElseThrow();
			byte[] bytes = Files.readAllBytes(library);
			Files.delete(library);
			assertThat(provider.isLibraryOnDisk()).isFalse();
			long removed = System.nanoTime();
			Bpftrace.await(() -> !log.warnings().isEmpty(), NOTICED, "a WARN about " + library);
			Bpftrace.await(provider::isLibraryOnDisk, RESTORED.minusNanos(System.nanoTime() - removed),
					library + " back on disk");
			assertThat(log.warnings()).singleElement(InstanceOfAssertFactories.STRING)
				.contains(library.toString())
				.contains("tracers attaching by path or with -p " + runtime.pid() + " cannot see its probes");
			assertThat(library).hasBinaryContent(bytes);
			String maps = Files.readString(Path.of("/proc/self/maps"));
			assertThat(maps).contains(library.toString()).doesNotContain(library + " (deleted)");
			Probe tick = provider.probe("tick");
			assertThat(LiveFires.count(runtime.pid(), library.toString(), tick)).isEqualTo(10);
			assertThat(LiveFires.count(runtime.pid(), "*", tick)).isEqualTo(10);
		}
	}

	@Test
	void threadsFiringWhileTheLibraryIsPutBackTwentyTimesNeverFaultAndATracerSeesTheirFiresAfterwards()
			throws Exception {
		try (UsdtRuntime runtime = runtime(this.tempDir.resolve("lib"))) {
			Provider provider = runtime.register(this.definitions).get(0);
			Path library = provider.library().orElseThrow();
			Probe tick = provider.probe("tick");
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicLong fires = new AtomicLong();
			List<Thread> firing = Stream.generate(() -> new Thread(() -> {
				while (running.get()) {
					// Force the stub call (not just the semaphore read) on every round
					ProbeSemaphores.overrideForTesting(tick, true);
					for (int i = 0; i < 1_000; i++) {
						tick.fire(3);
					}
					fires.addAndGet(1_000);
				}
			})).limit(2).toList();
			firing.forEach(Thread::start);
			try {
				for (int round = 0; round < 20; round++) {
					Files.delete(library);
					Bpftrace.await(provider::isLibraryOnDisk, RESTORED, library + " back on disk, round " + round);
				}
			}
			finally {
				running.set(false);
				for (Thread thread : firing) {
					thread.join();
				}
			}
			ProbeSemaphores.overrideForTesting(tick, false);
			assertThat(fires.get()).isPositive();
			assertThat(LiveFires.count(runtime.pid(), library.toString(), tick)).isEqualTo(10);
		}
	}

	@Test
	void theWholeDirectoryRemovedIsRecreatedPrivateAndItsLibraryTraceable() throws Exception {
		Path directory = this.tempDir.resolve("lib");
		try (UsdtRuntime runtime = runtime(directory)) {
			Provider provider = runtime.register(this.definitions).get(0);
			Path library = provider.library().orElseThrow();
			removeRecursively(directory);
			Bpftrace.await(provider::isLibraryOnDisk, RESTORED, library + " back on disk");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
			assertThat(LiveFires.count(runtime.pid(), library.toString(), provider.probe("tick"))).isEqualTo(10);
		}
	}

	@Test
	void aSymlinkPlantedWhereTheDirectoryWasIsNeverFollowedWarnedAboutAndHealedOnceItIsGone() throws Exception {
		Path directory = this.tempDir.resolve("lib");
		try (UsdtRuntime runtime = runtime(directory); LogCapture log = LogCapture.start()) {
			Provider provider = runtime.register(this.definitions).get(0);
			Path library = provider.library().orElseThrow();
			Path planted = Files.createDirectory(this.tempDir.resolve("planted"));
			plantSymlink(directory, planted);
			Bpftrace.await(() -> log.warnings().stream().anyMatch((warning) -> warning.contains("symbolic link")),
					RESTORED, "a WARN about the symlink; got " + log.warnings());
			Probe tick = provider.probe("tick");
			ProbeSemaphores.overrideForTesting(tick, true);
			tick.fire(1);
			ProbeSemaphores.overrideForTesting(tick, false);
			assertThat(provider.isLibraryOnDisk()).isFalse();
			try (Stream<Path> files = Files.list(planted)) {
				assertThat(files).as("files written through the symlink").isEmpty();
			}
			Files.delete(directory);
			Bpftrace.await(provider::isLibraryOnDisk, RESTORED, library + " back on disk");
			// one WARN about the symlink, however often the restorer won the race in plantSymlink
			assertThat(log.warnings()).filteredOn((warning) -> warning.contains("symbolic link")).hasSize(1);
			assertThat(LiveFires.count(runtime.pid(), library.toString(), tick)).isEqualTo(10);
		}
	}

	/**
	 * Replaces the directory with a symlink to {@code target}, as an attacker racing the restorer
	 * would: the restorer may put the directory back between the removal and the link, so retry.
	 */
	private static void plantSymlink(Path directory, Path target) throws IOException {
		for (int attempt = 1;; attempt++) {
			removeRecursively(directory);
			try {
				Files.createSymbolicLink(directory, target);
				return;
			}
			catch (FileAlreadyExistsException ex) {
				if (attempt == 50) {
					throw ex;
				}
			}
		}
	}

	@Test
	void aFullDiskWhenTheLibraryMustBePutBackEndsInAWarnAndHealsOnceThereIsSpace() throws Exception {
		Bpftrace.assumeTool(Bpftrace.onPath("mount"), "needs mount(8) to make a tiny tmpfs");
		Path mountPoint = Files.createDirectory(this.tempDir.resolve("tiny"));
		assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.toString())
			.inheritIO()
			.start()
			.waitFor()).isZero();
		try (UsdtRuntime runtime = runtime(mountPoint.resolve("lib")); LogCapture log = LogCapture.start()) {
			Provider provider = runtime.register(this.definitions).get(0);
			Path library = provider.library().orElseThrow();
			Path filler = mountPoint.resolve("filler");
			// Fill the disk (dd stops at ENOSPC), then remove the library: its blocks stay in use, mapped
			new ProcessBuilder("dd", "if=/dev/zero", "of=" + filler, "bs=4k").start().waitFor();
			Files.delete(library);
			Bpftrace.await(() -> log.warnings().stream().anyMatch((warning) -> warning.contains("No space left")),
					RESTORED, "a WARN about the full disk; got " + log.warnings());
			assertThat(provider.isLibraryOnDisk()).isFalse();
			try (Stream<Path> files = Files.list(library.getParent())) {
				assertThat(files.map((file) -> file.getFileName().toString()))
					.as("no partial file left where a library or its temporary copy would be")
					.noneMatch((name) -> name.endsWith(".tmp") || name.equals(library.getFileName().toString()));
			}
			Files.delete(filler);
			Bpftrace.await(provider::isLibraryOnDisk, RESTORED, library + " back on disk");
			assertThat(LiveFires.count(runtime.pid(), library.toString(), provider.probe("tick"))).isEqualTo(10);
		}
		finally {
			new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start().waitFor();
		}
	}

	@Test
	void aLibraryThatCannotBeMappedWhenItMustBePutBackIsNotLeftAtItsPathAndHealsOnceItCanBe() throws Exception {
		Bpftrace.assumeTool(Bpftrace.onPath("mount"), "needs mount(8) to remount a tmpfs noexec");
		Path mountPoint = Files.createDirectory(this.tempDir.resolve("remounted"));
		assertThat(mount("-t", "tmpfs", "tmpfs", mountPoint.toString())).isZero();
		try (UsdtRuntime runtime = runtime(mountPoint.resolve("lib")); LogCapture log = LogCapture.start()) {
			Provider provider = runtime.register(this.definitions).get(0);
			Path library = provider.library().orElseThrow();
			assertThat(mount("-o", "remount,noexec", mountPoint.toString())).isZero();
			Files.delete(library);
			Bpftrace.await(() -> log.warnings().stream().anyMatch((warning) -> warning.contains("Cannot put")),
					RESTORED, "a WARN that it cannot be put back; got " + log.warnings());
			// Written, not mappable, deleted again: no file a tracer could attach to that nobody fires
			assertThat(library).doesNotExist();
			assertThat(provider.isLibraryOnDisk()).isFalse();
			assertThat(mount("-o", "remount,exec", mountPoint.toString())).isZero();
			Bpftrace.await(provider::isLibraryOnDisk, RESTORED, library + " back on disk");
			assertThat(Files.getPosixFilePermissions(library)).isEqualTo(PosixFilePermissions.fromString("r-x------"));
			assertThat(LiveFires.count(runtime.pid(), library.toString(), provider.probe("tick"))).isEqualTo(10);
		}
		finally {
			new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start().waitFor();
		}
	}

	private static int mount(String... arguments) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("mount"));
		command.addAll(List.of(arguments));
		return new ProcessBuilder(command).inheritIO().start().waitFor();
	}

	private static UsdtRuntime runtime(Path libraries) {
		return UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(libraries));
	}

	/**
	 * {@code rm -r}, retried as a user would retry it: the restorer may put the library back between
	 * the listing and the removal of the directory, which then fails as not empty.
	 */
	private static void removeRecursively(Path directory) throws IOException {
		for (int attempt = 1;; attempt++) {
			try (Stream<Path> files = Files.list(directory)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
			}
			try {
				Files.delete(directory);
				return;
			}
			catch (DirectoryNotEmptyException ex) {
				if (attempt == 20) {
					throw ex;
				}
			}
		}
	}

}
