package dev.usdt.nativeaccess;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;


/**
 * The DTrace backend's native operations through JNA: the helper device ({@code open},
 * {@code ioctl}), memory for DOF and stubs ({@code mmap}, {@code mprotect}; on Linux a
 * {@code memfd} because Oracle's {@code dtprobed} and uprobes need a file-backed mapping,
 * docs/dof.md §9), and calls into the stubs of a published region.
 *
 * <p>
 * Calls into stubs go through {@link Function}, which costs a few hundred nanoseconds; that is
 * acceptable for the is-enabled poller (off the hot path) but not for firing, which should move
 * to the runtime's shared direct-mapped trampoline once one exists for non-ELF platforms.
 * {@code ioctl} is declared with fixed arguments: identical to the variadic call on x86_64 and
 * Linux arm64, not on macOS arm64 (where registration is refused anyway).
 */
public final class DtraceNativeSystem implements DtraceSystem {

	private static final int O_RDWR = 2;

	private static final int PROT_READ = 1;

	private static final int PROT_WRITE = 2;

	private static final int PROT_EXEC = 4;

	private static final int MAP_PRIVATE = 2;

	private static final int MFD_CLOEXEC = 1;

	private static final long MAP_FAILED = -1L;

	private final DtraceLibC libc;

	/** The one class allowed to publish and call code through this system. */
	private static final String BACKEND = "dev.usdt.backend.dtrace.DtraceBackend";

	/**
	 * Only the DTrace backend may create one: a region it reserves runs whatever bytes are
	 * published into it, so this is not public API (see docs/architecture.md §2).
	 * @throws LinkageError if JNA's native part or the C library cannot be loaded
	 * @throws IllegalCallerException if called from anywhere but the DTrace backend
	 */
	public DtraceNativeSystem() {
		Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
		if (!caller.getName().equals(BACKEND) || caller.getClassLoader() != DtraceNativeSystem.class.getClassLoader()) {
			throw new IllegalCallerException("native code regions are for " + BACKEND + " only, not " + caller.getName());
		}
		this.libc = Native.load(Platform.C_LIBRARY_NAME, DtraceLibC.class);
	}

	@Override
	public int pid() {
		return this.libc.getpid();
	}

	@Override
	public CodeRegion reserve(int size, boolean fileBacked) throws DtraceNativeException {
		try {
			if (fileBacked) {
				int fd = this.libc.memfd_create("usdt-dtrace", MFD_CLOEXEC);
				this.libc.ftruncate(fd, new NativeLong(size));
				Pointer address = this.libc.mmap(null, new NativeLong(size), PROT_READ | PROT_EXEC, MAP_PRIVATE, fd,
						new NativeLong(0));
				checkMapped(address, size);
				return new FileRegion(fd, address, size);
			}
			Pointer address = this.libc.mmap(null, new NativeLong(size), PROT_READ | PROT_WRITE,
					MAP_PRIVATE | mapAnonymous(), -1, new NativeLong(0));
			checkMapped(address, size);
			return new AnonymousRegion(address, size);
		}
		catch (LastErrorException ex) {
			throw failure("reserving " + size + " bytes for DOF and stubs", ex);
		}
	}

	@Override
	public HelperDevice open(String path) throws DtraceNativeException {
		try {
			return new Device(path, this.libc.open(path, O_RDWR));
		}
		catch (LastErrorException ex) {
			throw failure("opening " + path, ex);
		}
	}

	private static int mapAnonymous() {
		if (Platform.isLinux()) {
			return 0x20;
		}
		if (Platform.isSolaris()) {
			return 0x100;
		}
		return 0x1000; // macOS and FreeBSD
	}

	private static void checkMapped(Pointer address, int size) throws DtraceNativeException {
		if (address == null || Pointer.nativeValue(address) == MAP_FAILED) {
			throw new DtraceNativeException("mmap of " + size + " bytes failed", 0);
		}
	}

	private static DtraceNativeException failure(String what, LastErrorException ex) {
		return new DtraceNativeException(what + ": " + ex.getMessage(), ex.getErrorCode());
	}

	/** Memory mapped for a DOF and its stubs; functions are found by offset and checked to lie inside. */
	private abstract static class MappedRegion implements CodeRegion {

		final Pointer address;

		final int size;

		MappedRegion(Pointer address, int size) {
			this.address = address;
			this.size = size;
		}

		@Override
		public long address() {
			return Pointer.nativeValue(this.address);
		}

		@Override
		public ProbeFunction probeFunction(int offset) {
			Function function = functionAt(offset);
			return (a0, a1, a2, a3, a4, a5) -> function.invokeVoid(new Object[] { a0, a1, a2, a3, a4, a5 });
		}

		@Override
		public int callEnabledFunction(int offset) {
			return functionAt(offset).invokeInt(new Object[0]);
		}

		private Function functionAt(int offset) {
			if (offset < 0 || offset >= this.size) {
				throw new IndexOutOfBoundsException("Offset " + offset + " outside a code region of " + this.size + " bytes");
			}
			return Function.getFunction(this.address.share(offset));
		}

	}

	/** Linux: a memfd mapped read+execute; the content is written into the file, never through the mapping. */
	private final class FileRegion extends MappedRegion {

		private final int fd;

		FileRegion(int fd, Pointer address, int size) {
			super(address, size);
			this.fd = fd;
		}

		@Override
		public void publish(byte[] content) throws DtraceNativeException {
			Memory buffer = new Memory(this.size);
			buffer.write(0, content, 0, Math.min(content.length, this.size));
			try {
				long written = DtraceNativeSystem.this.libc
					.pwrite(this.fd, buffer, new NativeLong(this.size), new NativeLong(0)).longValue();
				if (written != this.size) {
					throw new DtraceNativeException("short write to the DOF memfd: " + written, 0);
				}
			}
			catch (LastErrorException ex) {
				throw failure("writing DOF and stubs", ex);
			}
			finally {
				// The mapping keeps the file alive; no descriptor needs to stay open.
				DtraceNativeSystem.this.libc.close(this.fd);
			}
		}

	}

	/** Other systems: anonymous memory, written, then made read+execute. */
	private final class AnonymousRegion extends MappedRegion {

		AnonymousRegion(Pointer address, int size) {
			super(address, size);
		}

		@Override
		public void publish(byte[] content) throws DtraceNativeException {
			this.address.write(0, content, 0, Math.min(content.length, this.size));
			try {
				DtraceNativeSystem.this.libc.mprotect(this.address, new NativeLong(this.size), PROT_READ | PROT_EXEC);
			}
			catch (LastErrorException ex) {
				throw failure("making the stubs executable", ex);
			}
		}

	}

	private final class Device implements HelperDevice {

		private final String path;

		private final int fd;

		Device(String path, int fd) {
			this.path = path;
			this.fd = fd;
		}

		@Override
		public int ioctlPointer(long request, byte[] buffer) throws DtraceNativeException {
			Memory memory = new Memory(buffer.length);
			return ioctlWithCopyBack(request, memory, memory, buffer);
		}

		@Override
		public int ioctlIndirect(long request, byte[] buffer) throws DtraceNativeException {
			Memory memory = new Memory(buffer.length);
			Memory pointer = new Memory(Long.BYTES);
			pointer.setLong(0, Pointer.nativeValue(memory));
			return ioctlWithCopyBack(request, pointer, memory, buffer);
		}

		/** Copies the bytes into {@code memory}, calls with {@code argument}, copies them back. */
		private int ioctlWithCopyBack(long request, Pointer argument, Memory memory, byte[] buffer)
				throws DtraceNativeException {
			memory.write(0, buffer, 0, buffer.length);
			try {
				return DtraceNativeSystem.this.libc.ioctl(this.fd, new NativeLong(request), argument);
			}
			catch (LastErrorException ex) {
				throw failure(describe(request), ex);
			}
			finally {
				memory.read(0, buffer, 0, buffer.length);
			}
		}

		@Override
		public int ioctlValue(long request, long value) throws DtraceNativeException {
			try {
				return DtraceNativeSystem.this.libc.ioctl(this.fd, new NativeLong(request), new NativeLong(value));
			}
			catch (LastErrorException ex) {
				throw failure(describe(request), ex);
			}
		}

		@Override
		public void close() {
			DtraceNativeSystem.this.libc.close(this.fd);
		}

		private String describe(long request) {
			return "ioctl 0x" + Long.toHexString(request) + " on " + this.path;
		}

	}

	/** The C library functions used here; every one sets errno on failure. */
	interface DtraceLibC extends Library {

		int getpid();

		int open(String path, int flags) throws LastErrorException;

		int close(int fd);

		int ioctl(int fd, NativeLong request, Pointer argument) throws LastErrorException;

		int ioctl(int fd, NativeLong request, NativeLong argument) throws LastErrorException;

		Pointer mmap(Pointer address, NativeLong length, int protection, int flags, int fd, NativeLong offset)
				throws LastErrorException;

		int mprotect(Pointer address, NativeLong length, int protection) throws LastErrorException;

		int memfd_create(String name, int flags) throws LastErrorException;

		int ftruncate(int fd, NativeLong length) throws LastErrorException;

		NativeLong pwrite(int fd, Pointer buffer, NativeLong count, NativeLong offset) throws LastErrorException;

	}

}
