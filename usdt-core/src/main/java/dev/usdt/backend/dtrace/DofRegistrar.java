package dev.usdt.backend.dtrace;

import dev.usdt.nativeaccess.DtraceNativeException;
import dev.usdt.nativeaccess.DtraceSystem.HelperDevice;
import dev.usdt.nativeaccess.DtraceSystem;

/**
 * Issues {@code DTRACEHIOC_ADDDOF} and {@code DTRACEHIOC_REMOVE} with each OS's argument convention
 * (docs/dof.md §6.2): a pointer to the helper (illumos, FreeBSD, Oracle Linux), a pointer to a pointer to
 * {@code dof_ioctl_data_t} (macOS); removal by value, except FreeBSD's pointer to an int. Errors
 * are turned into messages that name the cause and the fix.
 */
final class DofRegistrar {

	/** docs/dof.md §6.2 FreeBSD REMOVE: {@code _IOW('z', 2, int)} takes a pointer to a 4-byte int. */
	private static final int FREEBSD_GENERATION_SIZE = 4;

	private final DtraceSystem system;

	private final DtraceOs os;

	DofRegistrar(DtraceSystem system, DtraceOs os) {
		this.system = system;
		this.os = os;
	}

	/**
	 * Registers the DOF at {@code dofAddress}.
	 * @return the generation to pass to {@link #remove(int)}
	 */
	int add(String module, long dofAddress) throws DtraceNativeException {
		byte[] helper = DofHelper.helper(this.os, module, dofAddress, this.system.pid());
		try (HelperDevice device = this.system.open(this.os.helperDevice())) {
			if (this.os == DtraceOs.MACOS) {
				byte[] data = DofHelper.macosIoctlData(helper);
				int result = device.ioctlIndirect(this.os.addDofRequest(), data);
				return DofHelper.generation(this.os, result, data);
			}
			int result = device.ioctlPointer(this.os.addDofRequest(), helper);
			return DofHelper.generation(this.os, result, helper);
		}
	}

	/** Unregisters the DOF of a generation. */
	void remove(int generation) throws DtraceNativeException {
		try (HelperDevice device = this.system.open(this.os.helperDevice())) {
			if (this.os == DtraceOs.FREEBSD) {
				byte[] value = new byte[FREEBSD_GENERATION_SIZE];
				for (int i = 0; i < value.length; i++) {
					value[i] = (byte) (generation >>> (8 * i));
				}
				device.ioctlPointer(this.os.removeRequest(), value);
			}
			else {
				device.ioctlValue(this.os.removeRequest(), generation);
			}
		}
	}

	/** What a failed open or ioctl means on this OS, and what to do about it (docs/dof.md §6.2, §11). */
	String explain(DtraceNativeException ex) {
		String device = this.os.helperDevice();
		return switch (ex.errno()) {
			case DtraceNativeException.ENOENT -> "no DTrace helper device " + device + " ("
					+ switch (this.os) {
						case FREEBSD -> "the dtrace modules are not loaded: kldload dtraceall";
						case LINUX -> "Oracle Linux DTrace's dtprobed is not running";
						default -> "DTrace is not installed or not loaded";
					} + ")";
			case DtraceNativeException.EACCES, DtraceNativeException.EPERM -> "permission denied on " + device + " ("
					+ switch (this.os) {
						case MACOS -> "System Integrity Protection restricts DTrace: csrutil enable --without dtrace";
						case FREEBSD -> "non-root registration needs chmod 666 " + device;
						default -> "make the helper device writable for this user";
					} + ")";
			case DtraceNativeException.EINVAL -> "the " + this.os.displayName()
					+ " DTrace rejected the DOF (EINVAL): " + ex.getMessage()
					+ "; run 'usdt dof' on the provider file to inspect it";
			default -> ex.getMessage();
		};
	}

}
