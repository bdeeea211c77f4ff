package dev.usdt.nativeaccess;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.backend.BackendKind;
import dev.usdt.backend.stapsdt.ElfArchitecture;
import dev.usdt.backend.stapsdt.LibraryImage;
import dev.usdt.backend.stapsdt.StapsdtLibraryWriter;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The trampoline library's JNI system calls, bound in this JVM by a stapsdt runtime, through
 * {@link PosixFiles} as the library directory uses them: modes with the sticky bit, exclusive
 * creation, no symlink followed, BSD locks between two open files, errors with their errno, and
 * {@code NewDirectByteBuffer} over memory whose address is known; and a library loaded through
 * them, which hands out no address outside its own mappings.
 */
class JniCallsTests {

	@TempDir
	static Path tempDir;

	@BeforeAll
	static void bindThroughARuntime() throws Exception {
		Bpftrace.assumeTool(System.getProperty("os.name").startsWith("Linux"), "the JNI system calls are Linux's");
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(tempDir.resolve("lib")))) {
			assertThat(runtime.backend()).isEqualTo("stapsdt");
		}
		assertThat(JniCalls.isBound()).as("JNI system calls bound by the trampoline").isTrue();
	}

	@Test
	void createSetsTheExactModeWithTheStickyBitAndRefusesAnExistingFile() throws Exception {
		Path file = tempDir.resolve("created");
		PosixFiles.close(PosixFiles.create(file, PosixFiles.STICKY | 0640));
		assertThat(Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0101640);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> PosixFiles.create(file, 0600))
			.withMessage("open " + file + ": [17] File exists");
		PosixFiles.chmod(file, PosixFiles.STICKY | 0500);
		assertThat(Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0101500);
	}

	@Test
	void opensRefuseSymlinksAndReportAMissingFileAsSuch() throws Exception {
		Path target = Files.writeString(tempDir.resolve("target"), "x");
		Path link = Files.createSymbolicLink(tempDir.resolve("link"), target);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> PosixFiles.openForReading(link))
			.withMessage("open " + link + ": [40] Too many levels of symbolic links");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> PosixFiles.chmod(link, 0600));
		assertThat(Files.getAttribute(target, "unix:mode")).isNotEqualTo(0100600);
		assertThatExceptionOfType(NoSuchFileException.class)
			.isThrownBy(() -> PosixFiles.openForReading(tempDir.resolve("missing")));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> PosixFiles.openDirectory(target))
			.withMessageContaining("[20] Not a directory");
	}

	@Test
	void bsdLocksBelongToOneOpenFile() throws Exception {
		Path file = tempDir.resolve("locked");
		int first = PosixFiles.create(file, 0600);
		int second = PosixFiles.openForReading(file);
		try {
			assertThat(PosixFiles.isLocked(file)).isFalse();
			assertThat(PosixFiles.tryLock(first, true)).isTrue();
			assertThat(PosixFiles.tryLock(second, false)).isFalse();
			assertThat(PosixFiles.isLocked(file)).isTrue();
			PosixFiles.close(first);
			assertThat(PosixFiles.isLocked(file)).isFalse();
			assertThat(PosixFiles.tryLock(second, false)).isTrue();
		}
		finally {
			PosixFiles.close(second);
		}
		Path directory = Files.createDirectory(tempDir.resolve("directory"));
		int held = PosixFiles.openDirectory(directory);
		try {
			assertThat(PosixFiles.tryLock(held, false)).isTrue();
			assertThat(PosixFiles.isLocked(directory)).isTrue();
		}
		finally {
			PosixFiles.close(held);
		}
	}

	@Test
	void directBufferIsTheMemoryAtTheAddress() {
		ByteBuffer memory = ByteBuffer.allocateDirect(16);
		memory.put(0, (byte) 42).put(15, (byte) -1);
		ByteBuffer view = JniCalls.directBuffer(DirectBuffers.address(memory), 16);
		assertThat(view.isDirect()).isTrue();
		assertThat(view.capacity()).isEqualTo(16);
		assertThat(view.get(0)).isEqualTo((byte) 42);
		assertThat(view.get(15)).isEqualTo((byte) -1);
		view.put(7, (byte) 7);
		assertThat(memory.get(7)).isEqualTo((byte) 7);
	}

	@Test
	void aLibraryLoadedThroughJniHandsOutOnlyAddressesInsideItsOwnMappings() throws Exception {
		LibraryImage image = new StapsdtLibraryWriter(ElfArchitecture.current().orElseThrow())
			.image(List.of(ProviderDefinition.of("ranges", ProbeDefinition.of("hit", ArgumentKind.INT64))));
		Path file = Files.write(tempDir.resolve("ranges.so"), image.content());
		Map<String, Long> forged = new HashMap<>(image.symbols());
		forged.put("elsewhere", 1L << 40);
		SharedObject library = SharedObjects.open(file, forged);
		assertThat(library.mappedFile()).isEqualTo(MappedRegions.FileIdentity.of(file).orElseThrow());
		long semaphore = library.address("ranges_hit_semaphore");
		assertThat(library.address("ranges_hit")).isEqualTo(semaphore - image.symbols().get("ranges_hit_semaphore")
				+ image.symbols().get("ranges_hit"));
		assertThat(library.buffer("ranges_hit_semaphore", 2).getShort(0)).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> library.address("elsewhere"))
			.withMessage("1 bytes at elsewhere do not lie inside the library");
		assertThatIllegalArgumentException().isThrownBy(() -> library.buffer("ranges_hit_semaphore", 1 << 20));
		assertThatIllegalArgumentException().isThrownBy(() -> library.address("missing"))
			.withMessage("No symbol missing in this library");
	}

	@Test
	void closeOfABadDescriptorReturnsItsErrno() {
		assertThat(JniCalls.close(-1)).isEqualTo(-9);
		assertThat(JniCalls.flock(-1, 2)).isEqualTo(-9);
		assertThat(JniCalls.fchmod(-1, 0600)).isEqualTo(-9);
	}

}
