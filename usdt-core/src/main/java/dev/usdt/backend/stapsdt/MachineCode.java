package dev.usdt.backend.stapsdt;

/** Helpers that spell machine code: x86_64 byte by byte, aarch64 as little-endian 32-bit words. */
final class MachineCode {

	/** aarch64 {@code ret}. */
	static final int AARCH64_RET = 0xd65f03c0;

	/** aarch64 {@code orr Xd, xzr, Xm}, the encoding of {@code mov Xd, Xm}. */
	private static final int AARCH64_ORR_FROM_XZR = 0xaa0003e0;

	/** aarch64 {@code br Xn}: Rn in bits 5..9. */
	private static final int AARCH64_BR = 0xd61f0000;

	private static final int RM_SHIFT = 16;

	private static final int RN_SHIFT = 5;

	private MachineCode() {
	}

	static byte[] bytes(int... values) {
		byte[] result = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			result[i] = (byte) values[i];
		}
		return result;
	}

	static byte[] words(int... words) {
		byte[] code = new byte[words.length * Integer.BYTES];
		for (int i = 0; i < words.length; i++) {
			for (int b = 0; b < Integer.BYTES; b++) {
				code[i * Integer.BYTES + b] = (byte) (words[i] >>> (Byte.SIZE * b));
			}
		}
		return code;
	}

	/** aarch64 {@code mov Xdestination, Xsource}. */
	static int aarch64Mov(int destination, int source) {
		return AARCH64_ORR_FROM_XZR | (source << RM_SHIFT) | destination;
	}

	/** aarch64 {@code br Xregister}. */
	static int aarch64Br(int register) {
		return AARCH64_BR | (register << RN_SHIFT);
	}

	static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] result = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, result, offset, part.length);
			offset += part.length;
		}
		return result;
	}

}
