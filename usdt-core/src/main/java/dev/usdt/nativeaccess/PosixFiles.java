package dev.usdt.nativeaccess;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * File descriptors, BSD locks ({@code flock}) and modes the JDK does not offer: a lock that
 * belongs to one open file (not to the process, as the JDK's {@code fcntl} locks do, which any
 * other close of the same file drops) and the sticky bit, which {@code systemd-tmpfiles} honours
 * on files (see {@code docs/file-lifecycle.md §3}). Every open refuses to follow a symlink.
 * The calls go through the trampoline's JNI system calls ({@link JniCalls}) once it is loaded,
 * else through JNA.
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

	/** What {@code strerror} says for the errors these calls meet; others are shown by number. */
	private static final Map<Integer, String> ERRORS = Map.of(1, "Operation not permitted", ENOENT,
			"No such file or directory", 9, "Bad file descriptor", 13, "Permission denied", 17, "File exists", 20,
			"Not a directory", 21, "Is a directory", EWOULDBLOCK, "Resource temporarily unavailable", 30,
			"Read-only file system", 40, "Too many levels of symbolic links");

	private interface Calls extends Library {

		int open(String path, int flags, int mode) throws LastErrorException;

		int flock(int fd, int operation) throws LastErrorException;

		int fchmod(int fd, int mode) throws LastErrorException;

		int close(int fd) throws LastErrorException;

	}

	/**
	 * The JNA path, each call returning its result or {@code -errno} like the JNI one. Its own class,
	 * so that verifying {@link PosixFiles} loads nothing of JNA's where JNI serves.
	 */
	private static final class Jna {

		static final Calls CALLS = Native.load("c", Calls.class);

		static int open(String path, int flags, int mode) {
			try {
				return CALLS.open(path, flags, mode);
			}
			catch (LastErrorException ex) {
				return -ex.getErrorCode();
			}
		}

		static int flock(int fd, int operation) {
			try {
				return CALLS.flock(fd, operation);
			}
			catch (LastErrorException ex) {
				return -ex.getErrorCode();
			}
		}

		static int fchmod(int fd, int mode) {
			try {
				return CALLS.fchmod(fd, mode);
			}
			catch (LastErrorException ex) {
				return -ex.getErrorCode();
			}
		}

		static void close(int fd) {
			try {
				CALLS.close(fd);
			}
			catch (LastErrorException ex) {
				// see PosixFiles.close
			}
		}

	}

	private PosixFiles() {
	}

	/**
	 * Creates {@code file} (it must not exist, not even as a symlink) with {@code mode}, sticky bit
	 * included, and returns its open read-write descriptor.
	 */
	public static int create(Path file, int mode) throws IOException {
		int fd = open(file, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		// open() drops bits outside the umask; fchmod sets exactly what was asked
		int result = fchmod(fd, mode);
		if (result < 0) {
			close(fd);
			throw failure("chmod", file, -result);
		}
		return fd;
	}

	/** Sets {@code file}'s mode (sticky bit included) without following a symlink. */
	public static void chmod(Path file, int mode) throws IOException {
		int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
		try {
			int result = fchmod(fd, mode);
			if (result < 0) {
				throw failure("chmod", file, -result);
			}
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
		int result = flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
		if (result == -EWOULDBLOCK) {
			return false;
		}
		if (result < 0) {
			throw new IOException("flock failed: " + describe(-result));
		}
		return true;
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
		// Nothing to recover from a failure: the descriptor is gone either way (close(2) never retries)
		if (JniCalls.isBound()) {
			JniCalls.close(fd);
		}
		else {
			Jna.close(fd);
		}
	}

	private static int open(Path file, int flags, int mode) throws IOException {
		int result;
		if (JniCalls.isBound()) {
			byte[] name = file.toString().getBytes(StandardCharsets.UTF_8);
			// absolute puts: the address is the first byte's, and allocateDirect zeroes the NUL
			ByteBuffer path = ByteBuffer.allocateDirect(name.length + 1).put(0, name);
			result = JniCalls.open(DirectBuffers.address(path), flags, mode);
			// the kernel read the path through its address: the buffer had to outlive the call
			Reference.reachabilityFence(path);
		}
		else {
			result = Jna.open(file.toString(), flags, mode);
		}
		if (result == -ENOENT) {
			throw new NoSuchFileException(file.toString());
		}
		if (result < 0) {
			throw failure("open", file, -result);
		}
		return result;
	}

	/** {@code flock(2)}: 0, or {@code -errno}. */
	private static int flock(int fd, int operation) {
		return JniCalls.isBound() ? JniCalls.flock(fd, operation) : Jna.flock(fd, operation);
	}

	/** {@code fchmod(2)}: 0, or {@code -errno}. */
	private static int fchmod(int fd, int mode) {
		return JniCalls.isBound() ? JniCalls.fchmod(fd, mode) : Jna.fchmod(fd, mode);
	}

	private static IOException failure(String call, Path file, int errno) {
		return new IOException(call + " " + file + ": " + describe(errno));
	}

	private static String describe(int errno) {
		return "[" + errno + "] " + ERRORS.getOrDefault(errno, "errno " + errno);
	}

}
