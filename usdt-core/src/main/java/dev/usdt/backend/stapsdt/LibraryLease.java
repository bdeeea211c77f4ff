package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.usdt.nativeaccess.PosixFiles;

/**
 * This JVM's claim on one library: a file {@code <library>.<pid>-<random>.lease} that the JVM keeps
 * open with an exclusive BSD lock for as long as it maps the library. The kernel drops the lock when
 * the process ends, however it ends, so "is the lease locked?" answers "is its owner alive?" in any
 * PID namespace, with no process id involved (the pid in the name is for people reading a
 * listing). See {@code docs/file-lifecycle.md §2}.
 */
final class LibraryLease {

	/** {@code <library>.<pid>.lease}, as versions before the locked leases named them. */
	private static final Pattern LEGACY_NAME = Pattern.compile(".+\\.so\\.(\\d{1,18})\\.lease");

	/** rw------- and sticky, so age-based cleaners leave it alone. */
	private static final int MODE = PosixFiles.STICKY | 0600;

	/** One token per JVM: every lease of this JVM carries it. */
	static final String TOKEN = ProcessHandle.current().pid() + "-"
			+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	private final Path path;

	private final Object inode;

	private int fd;

	private LibraryLease(Path path, int fd, Object inode) {
		this.path = path;
		this.fd = fd;
		this.inode = inode;
	}

	/** Creates and locks this JVM's lease on {@code library}; the caller holds the directory lock. */
	static LibraryLease take(Path library) throws IOException {
		Path path = library.resolveSibling(library.getFileName() + "." + TOKEN + ".lease");
		Files.deleteIfExists(path);
		int fd = PosixFiles.create(path, MODE);
		try {
			if (!PosixFiles.tryLock(fd, true)) {
				throw new IOException(path + " is locked by another process although this one just created it");
			}
			return new LibraryLease(path, fd, inode(path));
		}
		catch (IOException ex) {
			PosixFiles.close(fd);
			Files.deleteIfExists(path);
			throw ex;
		}
	}

	/** Whether the lease file this JVM holds locked is still the one at its path (rm, cleaners). */
	boolean isOnDisk() {
		try {
			return this.inode.equals(inode(this.path));
		}
		catch (IOException ex) {
			return false;
		}
	}

	Path path() {
		return this.path;
	}

	/** Deletes the lease file and then drops the lock; the caller holds the directory lock. */
	synchronized void drop() throws IOException {
		if (this.fd < 0) {
			return;
		}
		try {
			if (isOnDisk()) {
				Files.deleteIfExists(this.path);
			}
		}
		finally {
			PosixFiles.close(this.fd);
			this.fd = -1;
		}
	}

	/**
	 * Whether a live process holds {@code lease}: it is locked. A file that is not a regular file
	 * (a planted symlink) holds nothing. A lease an older version wrote ({@code <library>.<pid>.lease})
	 * counts while a process with that pid runs, so a JVM of that version sharing the directory
	 * keeps its libraries.
	 */
	static boolean isHeld(Path lease) throws IOException {
		if (!Files.isRegularFile(lease, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		Matcher legacy = LEGACY_NAME.matcher(lease.getFileName().toString());
		if (legacy.matches()) {
			// An older version's lease, never locked: its pid is all there is to go by
			return ProcessHandle.of(Long.parseLong(legacy.group(1))).map(ProcessHandle::isAlive).orElse(false);
		}
		try {
			return PosixFiles.isLocked(lease);
		}
		catch (NoSuchFileException ex) {
			return false;
		}
	}

	private static Object inode(Path path) throws IOException {
		return Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
	}

}
