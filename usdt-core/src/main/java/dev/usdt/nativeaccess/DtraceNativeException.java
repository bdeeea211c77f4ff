package dev.usdt.nativeaccess;

/**
 * A native call of the DTrace backend failed; {@link #errno()} is the C {@code errno} (0 when the
 * failure was not a system call, e.g. JNA's native part is missing).
 */
public class DtraceNativeException extends Exception {

	/** {@code ENOENT}: the same number on Linux, the BSDs, macOS and illumos. */
	public static final int ENOENT = 2;

	/** {@code EACCES}. */
	public static final int EACCES = 13;

	/** {@code EINVAL}. */
	public static final int EINVAL = 22;

	/** {@code EPERM}. */
	public static final int EPERM = 1;

	private final int errno;

	public DtraceNativeException(String message, int errno) {
		super(message);
		this.errno = errno;
	}

	public int errno() {
		return this.errno;
	}

}
