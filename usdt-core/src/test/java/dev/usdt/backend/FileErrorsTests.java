package dev.usdt.backend;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

/**
 * Messages about failed file operations name the file once and say what went wrong.
 */
class FileErrorsTests {

	@TempDir
	Path directory;

	@Test
	void aMissingDirectoryIsNamedOnceWithTheReason() {
		Path missing = this.directory.resolve("gone");
		Exception failure = catchException(() -> Files.list(missing));
		assertThat(failure).isInstanceOf(NoSuchFileException.class).hasMessage(missing.toString());
		assertThat(FileErrors.describe(missing, failure)).isEqualTo(missing + ": no such file or directory");
	}

	@Test
	void aFileBelowTheDirectoryIsNamedInsteadOfTheDirectory() {
		Path file = this.directory.resolve("lib.so");
		assertThat(FileErrors.describe(this.directory, new AccessDeniedException(file.toString())))
			.isEqualTo(file + ": permission denied");
	}

	@Test
	void aFileElsewhereFollowsTheDirectory() throws IOException {
		Path existing = Files.createFile(this.directory.resolve("taken"));
		Exception failure = catchException(() -> Files.createFile(existing));
		assertThat(FileErrors.describe(Path.of("/run/usdt"), failure)).isEqualTo("/run/usdt: " + existing + ": file exists");
	}

	@Test
	void theSystemsReasonIsKeptAndOurOwnMessagesAreNotPrefixedTwice() {
		assertThat(FileErrors.describe(this.directory,
				new FileSystemException(this.directory.toString(), null, "Read-only file system")))
			.isEqualTo(this.directory + ": Read-only file system");
		assertThat(FileErrors.describe(this.directory, new IOException(this.directory + " is not a directory")))
			.isEqualTo(this.directory + " is not a directory");
		assertThat(FileErrors.describe(this.directory, new IOException("flock failed: EBADF")))
			.isEqualTo(this.directory + ": flock failed: EBADF");
	}

}
