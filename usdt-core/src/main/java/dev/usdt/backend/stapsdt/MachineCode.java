package dev.usdt.backend.stapsdt;

/** Helpers that spell machine code: x86_64 byte by byte, aarch64 as little-endian 32-bit words. */
final class MachineCode {

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
