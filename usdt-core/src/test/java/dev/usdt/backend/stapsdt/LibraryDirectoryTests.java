package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.nativeaccess.ProcessCredentials;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.ProviderParser;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The private library directory: created 0700 and owned by this user; refused, and never written
 * into, when it has other permissions, another owner or is a symlink (also if it is swapped for one
 * after it was opened); files created by an exclusive write and an atomic rename under validated
 * names; leases nobody holds locked and leftover temporary files swept; libraries leased by live
 * processes kept, whatever their process id; every file sticky so age-based cleaners skip it.
 */
class LibraryDirectoryTests {

	private static final byte[] CONTENT = { 0x7f, 'E', 'L', 'F', 1, 2, 3 };

	private static final String NAME = "usdt-shop-0123456789abcdef.so";

	@TempDir
	Path tempDir;

	private final int uid = ProcessCredentials.realUid();

	@Test
	void isCreatedOwnerOnlyAndOwnedByThisUser() throws IOException {
		Path path = this.tempDir.resolve("parent/usdt-" + this.uid);
		LibraryDirectory directory = LibraryDirectory.open(path, this.uid);
		assertThat(directory.path()).isEqualTo(path);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)))
			.isEqualTo("rwx------");
		assertThat(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(this.uid);
	}

	@Test
	void directoryWithGroupOrOtherPermissionsIsRefusedAndLeftUntouched() throws IOException {
		for (String mode : List.of("rwxr-xr-x", "rwx-----x", "rwxrwx---", "rwx-w----")) {
			Path path = Files.createDirectory(this.tempDir.resolve("mode-" + mode.replace('-', '_')));
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> LibraryDirectory.open(path, this.uid))
				.withMessageContaining("has mode " + mode)
				.withMessageContaining("must be rwx------ (0700)");
			assertThat(entries(path)).isEmpty();
		}
	}

	@Test
	void directoryOwnedByAnotherUserIsRefusedAndLeftUntouched() throws IOException {
		Bpftrace.assumeTool(this.uid == 0, "chown to another user needs root");
		Path path = Files.createDirectory(this.tempDir.resolve("nobody"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.setAttribute(path, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> LibraryDirectory.open(path, this.uid))
			.withMessageContaining("is owned by uid 65534, not by this user (uid " + this.uid + ")");
		assertThat(entries(path)).isEmpty();
	}

	@Test
	void symlinkIsRefusedAndItsTargetNeverWrittenInto() throws IOException {
		Path target = Files.createDirectory(this.tempDir.resolve("planted"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path link = Files.createSymbolicLink(this.tempDir.resolve("usdt-" + this.uid), target);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> LibraryDirectory.open(link, this.uid))
			.withMessageContaining("is a symbolic link");
		assertThat(entries(target)).isEmpty();
	}

	@Test
	void directorySwappedForASymlinkAfterItWasOpenedIsRefusedFromThenOn() throws IOException {
		Path path = this.tempDir.resolve("swapped");
		LibraryDirectory directory = LibraryDirectory.open(path, this.uid);
		directory.install(NAME, CONTENT);
		// A tmp cleaner removes the directory, and someone plants a symlink where it was
		try (Stream<Path> files = Files.list(path)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(path);
		Path target = Files.createDirectory(this.tempDir.resolve("planted"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.createSymbolicLink(path, target);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> directory.install(NAME, CONTENT))
			.withMessageContaining("is a symbolic link");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> LibraryDirectory.open(path, this.uid))
			.withMessageContaining("is a symbolic link");
		directory.releaseAll();
		assertThat(entries(target)).isEmpty();
	}

	@Test
	void installWritesAReadExecuteFileAndALeaseAndLeavesNoTemporaryFile() throws IOException {
		LibraryDirectory directory = LibraryDirectory.open(this.tempDir.resolve("lib"), this.uid);
		Path library = directory.install(NAME, CONTENT);
		assertThat(library).hasBinaryContent(CONTENT);
		assertThat(mode(library)).isEqualTo("r-x------");
		Path lease = library.resolveSibling(NAME + "." + LibraryLease.TOKEN + ".lease");
		assertThat(mode(lease)).isEqualTo("rw-------");
		assertThat(entries(directory.path())).containsExactlyInAnyOrder(".lock", NAME, lease.getFileName().toString());
		for (Path file : List.of(library, lease, directory.path().resolve(".lock"))) {
			assertThat(isSticky(file)).as("sticky bit of %s", file).isTrue();
		}
		assertThat(directory.install(NAME, CONTENT)).isEqualTo(library);
	}

	@Test
	void aTamperedFileOfTheSameNameIsReplacedNotReused() throws IOException {
		Path path = this.tempDir.resolve("lib");
		LibraryDirectory directory = LibraryDirectory.open(path, this.uid);
		Files.write(path.resolve(NAME), new byte[] { 'e', 'v', 'i', 'l' });
		// A second name for the planted inode: it must not be rewritten in place (it may be mapped)
		Path planted = Files.createLink(this.tempDir.resolve("planted"), path.resolve(NAME));
		Path library = directory.install(NAME, CONTENT);
		assertThat(library).hasBinaryContent(CONTENT);
		assertThat(planted).hasBinaryContent(new byte[] { 'e', 'v', 'i', 'l' });
	}

	@Test
	void aSymlinkPlantedAtALibraryNameIsReplacedNotFollowed() throws IOException {
		Path path = this.tempDir.resolve("lib");
		LibraryDirectory directory = LibraryDirectory.open(path, this.uid);
		Path victim = Files.write(this.tempDir.resolve("victim"), new byte[] { 'k', 'e', 'e', 'p' });
		Files.createSymbolicLink(path.resolve(NAME), victim);
		Path library = directory.install(NAME, CONTENT);
		assertThat(Files.isSymbolicLink(library)).isFalse();
		assertThat(library).hasBinaryContent(CONTENT);
		assertThat(victim).hasBinaryContent(new byte[] { 'k', 'e', 'e', 'p' });
	}

	@Test
	void onlyValidatedIdentifiersAndHashesAreAcceptedAsNames() throws IOException {
		LibraryDirectory directory = LibraryDirectory.open(this.tempDir.resolve("lib"), this.uid);
		for (String name : List.of("../usdt-shop-0123456789abcdef.so", "usdt-sh/op-0123456789abcdef.so",
				"usdt-sh-op-0123456789abcdef.so", "usdt-shop-0123456789ABCDEF.so", "usdt-shop-0123456789abcde.so",
				"usdt-1shop-0123456789abcdef.so", "usdt-shop-0123456789abcdef.so.1", ".lock", "usdt-shop-0123456789abcdef")) {
			assertThatIllegalArgumentException().isThrownBy(() -> directory.install(name, CONTENT))
				.withMessageContaining("Not a library name");
		}
		assertThat(entries(directory.path())).containsOnly(".lock").hasSizeLessThanOrEqualTo(1);
	}

	@Test
	void backendNamesLibrariesAfterTheProviderAndAHashOfTheContent() {
		StapsdtLibraryWriter writer = new StapsdtLibraryWriter(ElfArchitecture.X86_64);
		LibraryImage shop = writer.image(List.of(shop("a")));
		assertThat(StapsdtBackend.libraryName("shop", shop)).matches("usdt-shop-[0-9a-f]{16}\\.so")
			.isEqualTo(StapsdtBackend.libraryName("shop",
					writer.image(List.of(shop("a")))))
			.isNotEqualTo(StapsdtBackend.libraryName("shop",
					writer.image(List.of(shop("b")))));
		// the id is the start of the SHA-1 build-id of the rest of the file
		assertThat(HexFormat.of().formatHex(shop.content())).contains(shop.contentId());
	}

	private static ProviderDefinition shop(String probe) {
		return ProviderParser.parse("shop.d", "provider shop { probe " + probe + "(int); };").providers().get(0);
	}

	@Test
	void leasesNobodyHoldsLockedAndLeftoverTemporaryFilesAreSweptWhenOpened() throws Exception {
		long dead = deadPid();
		Path path = Files.createDirectory(this.tempDir.resolve("lib"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		String abandoned = "usdt-gone-00000000000000aa.so";
		String shared = "usdt-live-00000000000000bb.so";
		String unleased = "usdt-none-00000000000000cc.so";
		// "1" is a live process id, but no process holds that lease: an id says nothing across namespaces
		for (String file : List.of(abandoned, abandoned + "." + dead + ".lease", "." + abandoned + "." + dead + ".tmp",
				shared, shared + ".1-0000beef.lease", shared + "." + dead + ".lease", "." + shared + ".1.tmp", unleased,
				"unrelated.txt")) {
			Files.createFile(path.resolve(file));
		}
		Path held = Files.createFile(path.resolve(shared + ".1-0000abcd.lease"));
		try (HeldLock lock = HeldLock.exclusive(held)) {
			LibraryDirectory.open(path, this.uid);
		}
		assertThat(entries(path)).containsExactlyInAnyOrder(".lock", shared, held.getFileName().toString(),
				"unrelated.txt");
	}

	@Test
	void aLeaseAnOlderVersionWroteKeepsItsLibraryWhileAProcessWithItsPidRuns() throws Exception {
		Path path = Files.createDirectory(this.tempDir.resolve("lib"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		String live = "usdt-live-00000000000000aa.so";
		String gone = "usdt-gone-00000000000000bb.so";
		for (String file : List.of(live, live + ".1.lease", gone, gone + "." + deadPid() + ".lease")) {
			Files.createFile(path.resolve(file));
		}
		LibraryDirectory.open(path, this.uid);
		assertThat(entries(path)).containsExactlyInAnyOrder(".lock", live, live + ".1.lease");
	}

	@Test
	void aLeaseLockedByAnotherProcessKeepsItsLibraryAfterThisOneReleases() throws Exception {
		Path path = this.tempDir.resolve("lib");
		LibraryDirectory directory = LibraryDirectory.open(path, this.uid);
		directory.install(NAME, CONTENT);
		Path held = Files.createFile(path.resolve(NAME + ".1-0000abcd.lease"));
		try (HeldLock lock = HeldLock.exclusive(held)) {
			directory.releaseAll();
			assertThat(entries(path)).containsExactlyInAnyOrder(".lock", NAME, held.getFileName().toString());
		}
		LibraryDirectory.open(path, this.uid).sweepStale();
		assertThat(entries(path)).containsExactly(".lock");
	}

	@Test
	void theDirectoryIsShareLockedSoCleanersSkipItAndOtherJvmsCanLockItToo() throws Exception {
		Path path = this.tempDir.resolve("lib");
		LibraryDirectory directory = LibraryDirectory.open(path, this.uid);
		directory.install(NAME, CONTENT);
		assertThat(lockSucceeds("-x", path)).as("exclusive flock by another process").isFalse();
		assertThat(lockSucceeds("-s", path)).as("shared flock by another process").isTrue();
	}

	@Test
	void releaseDropsThisProcessesLeasesAndDeletesLibrariesNobodyHolds() throws IOException {
		Path path = this.tempDir.resolve("lib");
		LibraryDirectory directory = LibraryDirectory.open(path, this.uid);
		directory.install("usdt-mine-00000000000000aa.so", CONTENT);
		directory.install(NAME, CONTENT);
		Files.createFile(path.resolve(NAME + ".1-0000beef.lease"));
		directory.releaseAll();
		assertThat(entries(path)).containsExactly(".lock");
	}

	private static boolean lockSucceeds(String mode, Path file) throws Exception {
		Bpftrace.assumeTool(Bpftrace.onPath("flock"), "needs flock(1) from util-linux");
		return new ProcessBuilder("flock", "-n", mode, file.toString(), "true").start().waitFor() == 0;
	}

	private static boolean isSticky(Path file) throws IOException {
		return ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 01000) != 0;
	}

	/**
	 * Another process ({@code flock(1)}) holding an exclusive lock on a file until closed; {@code -o}
	 * keeps the lock out of its child, so the lock is gone once {@code flock} itself has exited.
	 */
	private record HeldLock(Process process) implements AutoCloseable {

		static HeldLock exclusive(Path file) throws Exception {
			Bpftrace.assumeTool(Bpftrace.onPath("flock"), "needs flock(1) from util-linux");
			Process process = new ProcessBuilder("flock", "-o", "-x", file.toString(), "sh", "-c", "echo locked; exec sleep 600")
				.redirectErrorStream(true)
				.start();
			String line = new String(process.getInputStream().readNBytes(7), java.nio.charset.StandardCharsets.UTF_8);
			assertThat(line).isEqualTo("locked\n".substring(0, 7));
			return new HeldLock(process);
		}

		@Override
		public void close() throws InterruptedException {
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
			this.process.waitFor();
		}

	}

	private static long deadPid() throws Exception {
		Process process = new ProcessBuilder("true").start();
		process.waitFor();
		long pid = process.pid();
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		return pid;
	}

	private static String mode(Path file) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
	}

	private static List<String> entries(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

}
