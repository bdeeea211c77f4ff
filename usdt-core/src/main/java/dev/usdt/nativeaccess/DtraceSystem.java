package dev.usdt.nativeaccess;


/**
 * The native operations the DTrace backend needs, as a seam: the JNA implementation lives in
 * {@link DtraceNativeSystem}; tests substitute a recorder to check request
 * numbers and struct bytes per OS without a DTrace kernel.
 */
public interface DtraceSystem {

	/** {@code getpid()}: FreeBSD's {@code dofhp_pid} (docs/dof.md §6.1). */
	int pid();

	/**
	 * Reserves {@code size} bytes of address space for a DOF and its stubs. The address is needed
	 * before the content can be written, because the DOF holds absolute addresses.
	 * @param fileBacked whether the mapping must be backed by a file (Oracle Linux, docs/dof.md §9)
	 */
	CodeRegion reserve(int size, boolean fileBacked) throws DtraceNativeException;

	/** Opens the helper device read/write (docs/dof.md §6.2). */
	HelperDevice open(String path) throws DtraceNativeException;

	/** Memory holding a DOF and its stubs. It is never unmapped (docs/dof.md §9: tracepoint addresses are not reused). */
	interface CodeRegion {

		long address();

		/**
		 * Writes the content and leaves the region readable and executable, not writable.
		 * @param content exactly the reserved size
		 */
		void publish(byte[] content) throws DtraceNativeException;

		/** The probe function at {@code offset} from {@link #address()}, once published. */
		ProbeFunction probeFunction(int offset);

		/**
		 * Calls the {@code int f(void)} is-enabled function at {@code offset} from {@link #address()};
		 * the one native call the is-enabled path cannot avoid on DTrace (see
		 * {@code dev.usdt.backend.dtrace.EnabledPoller}).
		 */
		int callEnabledFunction(int offset);

	}

	/** An open helper device. */
	interface HelperDevice extends AutoCloseable {

		/** {@code ioctl(fd, request, buf)}: the bytes are copied to native memory and back afterwards. */
		int ioctlPointer(long request, byte[] buffer) throws DtraceNativeException;

		/**
		 * {@code ioctl(fd, request, &p)} where {@code p} holds the address of the bytes (macOS
		 * {@code DTRACEHIOC_ADDDOF}); the bytes are copied back afterwards.
		 */
		int ioctlIndirect(long request, byte[] buffer) throws DtraceNativeException;

		/** {@code ioctl(fd, request, value)}: an integer passed by value. */
		int ioctlValue(long request, long value) throws DtraceNativeException;

		@Override
		void close();

	}

}
