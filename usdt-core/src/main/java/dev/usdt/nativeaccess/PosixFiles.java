package dev.usdt.nativeaccess;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * File descriptors, BSD locks ({@code flock}) and modes the JDK does not offer: a lock that
 * belongs to one open file (not to the process, as the JDK's {@code fcntl} locks do, which any
 * other close of the same file drops) and the sticky bit, which {@code systemd-tmpfiles} honours
 * on files (see {@code docs/file-lifecycle.md §3}). Every open refuses to follow a symlink.
 */
public final class PosixFiles {

	/** {@code S_ISVTX}: {@code systemd-tmpfiles} never ages a file that has it. */
	public static final int STICKY = 01000;

	private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));

	private static final int O_RDONLY = 0;

	private static final int O_RDWR = 2;

	private static final int O_CREAT = 0100;

	private static final int O_EXCL = 0200;

	// The two flags below differ between the Linux ABIs this runtime supports
	private static final int O_DIRECTORY = AARCH64 ? 040000 : 0200000;

	private static final int O_NOFOLLOW = AARCH64 ? 0100000 : 0400000;

	private static final int O_CLOEXEC = 02000000;

	private static final int LOCK_SH = 1;

	private static final int LOCK_EX = 2;

	private static final int LOCK_NB = 4;

	private static final int EWOULDBLOCK = 11;

	private static final int ENOENT = 2;

	private interface Calls extends Library {

		int open(String path, int flags, int mode) throws LastErrorException;

		int flock(int fd, int operation) throws LastErrorException;

		int fchmod(int fd, int mode) throws LastErrorException;

		int close(int fd) throws LastErrorException;

	}

	private static final class Holder {

		static final Calls CALLS = Native.load("c", Calls.class);

	}

	private PosixFiles() {
	}

	/**
	 * Creates {@code file} (it must not exist, not even as a symlink) with {@code mode}, sticky bit
	 * included, and returns its open read-write descriptor.
	 */
	public static int create(Path file, int mode) throws IOException {
		int fd = open(file, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		try {
			// open() drops bits outside the umask; fchmod sets exactly what was asked
			Holder.CALLS.fchmod(fd, mode);
			return fd;
		}
		catch (LastErrorException ex) {
			close(fd);
			throw failure("chmod", file, ex);
		}
	}

	/** Sets {@code file}'s mode (sticky bit included) without following a symlink. */
	public static void chmod(Path file, int mode) throws IOException {
		int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
		try {
			Holder.CALLS.fchmod(fd, mode);
		}
		catch (LastErrorException ex) {
			throw failure("chmod", file, ex);
		}
		finally {
			close(fd);
		}
	}

	/** Opens a file (not a symlink) for reading, to map it. */
	public static int openForReading(Path file) throws IOException {
		return open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
	}

	/** Opens a directory (not a symlink to one) for reading, to lock it. */
	public static int openDirectory(Path directory) throws IOException {
		return open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
	}

	/**
	 * Takes a BSD lock on the open file without waiting.
	 * @return {@code false} if another open file holds a conflicting lock
	 */
	public static boolean tryLock(int fd, boolean exclusive) throws IOException {
		try {
			Holder.CALLS.flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
			return true;
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == EWOULDBLOCK) {
				return false;
			}
			throw new IOException("flock failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Whether some open file holds a BSD lock on {@code file}: it cannot be locked exclusively.
	 * A file that does not exist is not locked.
	 */
	public static boolean isLocked(Path file) throws IOException {
		int fd;
		try {
			fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
		}
		catch (NoSuchFileException ex) {
			return false;
		}
		try {
			return !tryLock(fd, true);
		}
		finally {
			close(fd);
		}
	}

	/** Closes the descriptor, which drops the locks taken through it. */
	public static void close(int fd) {
		try {
			Holder.CALLS.close(fd);
		}
		catch (LastErrorException ex) {
			// Nothing to recover: the descriptor is gone either way (close(2) never retries)
		}
	}

	private static int open(Path file, int flags, int mode) throws IOException {
		try {
			return Holder.CALLS.open(file.toString(), flags, mode);
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == ENOENT) {
				throw new NoSuchFileException(file.toString());
			}
			throw failure("open", file, ex);
		}
	}

	private static IOException failure(String call, Path file, LastErrorException ex) {
		return new IOException(call + " " + file + ": " + ex.getMessage());
	}

}
