package dev.usdt.backend.dtrace;

import java.nio.charset.StandardCharsets;

import dev.usdt.backend.LittleEndianBuffer;

import static dev.usdt.backend.dtrace.DofFormat.HELPER_ADDR_OFFSET;
import static dev.usdt.backend.dtrace.DofFormat.HELPER_DOF_OFFSET;
import static dev.usdt.backend.dtrace.DofFormat.HELPER_GEN_OFFSET;
import static dev.usdt.backend.dtrace.DofFormat.HELPER_MODULE_SIZE;
import static dev.usdt.backend.dtrace.DofFormat.HELPER_SIZE_FREEBSD;
import static dev.usdt.backend.dtrace.DofFormat.IOCTL_DATA_COUNT_SIZE;

/**
 * The bytes of {@code dof_helper_t} (docs/dof.md §6.1) for one OS: module name, {@code dofhp_addr},
 * {@code dofhp_dof}, and on FreeBSD ≥ 11 {@code dofhp_pid} and {@code dofhp_gen}. On macOS the
 * helper travels inside {@code dof_ioctl_data_t} (docs/dof.md §6.2). Also reads the generation back the way
 * each OS returns it.
 */
public final class DofHelper {

	private DofHelper() {
	}

	/**
	 * The helper struct. {@code dofhp_addr} is the DOF address everywhere: it must be unique per
	 * registration (docs/dof.md §6.2) and on macOS equal to {@code dofhp_dof} (§7).
	 * @throws DofException if the module name does not fit in 63 bytes
	 */
	public static byte[] helper(DtraceOs os, String module, long dofAddress, int pid) {
		byte[] name = module.getBytes(StandardCharsets.UTF_8);
		if (name.length >= HELPER_MODULE_SIZE || module.isEmpty() || module.indexOf('\0') >= 0) {
			throw new DofException("Module name '" + module + "' must be 1 to " + (HELPER_MODULE_SIZE - 1)
					+ " bytes without NUL (docs/dof.md §6.1)");
		}
		LittleEndianBuffer helper = new LittleEndianBuffer(os.helperSize());
		helper.bytes(name).padTo(HELPER_ADDR_OFFSET); // NUL-terminated: at least one zero follows
		helper.u64(dofAddress); // dofhp_addr
		helper.u64(dofAddress); // dofhp_dof
		if (os == DtraceOs.FREEBSD) {
			helper.u32(pid); // dofhp_pid: must be getpid()
			helper.u32(0); // dofhp_gen: written by the kernel
		}
		return helper.toByteArray();
	}

	/** macOS: {@code dof_ioctl_data_t} with {@code dofiod_count = 1} and the helper. */
	public static byte[] macosIoctlData(byte[] helper) {
		return new LittleEndianBuffer(IOCTL_DATA_COUNT_SIZE + helper.length).u64(1).bytes(helper).toByteArray();
	}

	/**
	 * The generation for {@code DTRACEHIOC_REMOVE} after a successful ADDDOF (docs/dof.md §6.2): the ioctl's
	 * return value on illumos and Oracle Linux, {@code dofhp_gen} on FreeBSD (the return value is
	 * 0 there), the copied-back {@code dofhp_dof} on macOS.
	 * @param argument the ioctl argument bytes after the call (helper, or macOS ioctl data)
	 */
	public static int generation(DtraceOs os, int ioctlResult, byte[] argument) {
		return switch (os) {
			case ILLUMOS, LINUX -> ioctlResult;
			case FREEBSD -> {
				requireLength(argument, HELPER_SIZE_FREEBSD);
				yield readU32(argument, HELPER_GEN_OFFSET);
			}
			case MACOS -> {
				requireLength(argument, IOCTL_DATA_COUNT_SIZE + HELPER_DOF_OFFSET + 8);
				yield (int) readU64(argument, IOCTL_DATA_COUNT_SIZE + HELPER_DOF_OFFSET);
			}
		};
	}

	private static void requireLength(byte[] bytes, int length) {
		if (bytes.length < length) {
			throw new IllegalArgumentException("Helper bytes too short: " + bytes.length + " < " + length);
		}
	}

	private static int readU32(byte[] bytes, int offset) {
		return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8 | (bytes[offset + 2] & 0xFF) << 16
				| (bytes[offset + 3] & 0xFF) << 24;
	}

	private static long readU64(byte[] bytes, int offset) {
		return Integer.toUnsignedLong(readU32(bytes, offset)) | ((long) readU32(bytes, offset + 4)) << 32;
	}

}
