package dev.usdt.nativeaccess;

import java.nio.ByteBuffer;

/**
 * The system calls and the one JNI service that start-up needs, as native methods whose code the
 * generated trampoline library exports ({@code docs/stapsdt-elf.md §8.5}): each is a few
 * instructions that move the JNI arguments into place and make the system call, or tail-call
 * {@code NewDirectByteBuffer}. With them a JVM registers its probes without loading JNA, whose
 * start (its own native library, a libc binding, an {@code ldconfig -p} child process) cost more
 * than all of this. They bind only where the trampoline is this class loader's JNI library
 * ({@link JniStubCaller#bind}); elsewhere {@link PosixFiles} and {@link SharedObjects} use JNA.
 *
 * <p>
 * Each system call returns what the kernel does: a result, or {@code -errno}. Package-private:
 * {@link #directBuffer} wraps whatever address it is given, and {@link #open} reads a path at one.
 */
final class JniCalls {

	private static final int EBADF = 9;

	private static volatile boolean bound;

	private JniCalls() {
	}

	/** Whether the natives are linked in this class loader. */
	static boolean isBound() {
		return bound;
	}

	/** Links the natives once the trampoline is loaded, proving them with a harmless call. */
	static synchronized boolean link() {
		if (!bound) {
			try {
				bound = DirectBuffers.fromJdk() && close(-1) == -EBADF;
			}
			catch (UnsatisfiedLinkError ex) {
				return false;
			}
		}
		return bound;
	}

	// Names and signatures must match the exported JNI symbols (Java_dev_usdt_nativeaccess_JniCalls_*).

	/** {@code openat(AT_FDCWD, path, flags, mode)}; {@code path} is a NUL-terminated string's address. */
	static native int open(long path, int flags, int mode);

	static native int flock(int fd, int operation);

	static native int fchmod(int fd, int mode);

	static native int close(int fd);

	/** JNI's {@code NewDirectByteBuffer(address, capacity)}. */
	static native ByteBuffer directBuffer(long address, long capacity);

}
