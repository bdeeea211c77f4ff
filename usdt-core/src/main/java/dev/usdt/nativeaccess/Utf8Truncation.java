package dev.usdt.nativeaccess;

import java.nio.ByteBuffer;

/**
 * Encodes text as UTF-8 straight into a buffer, stopping where a C string would: at a NUL
 * character, or before the character that would exceed the byte limit (never inside one).
 * Unpaired surrogates become U+FFFD. Allocation-free, unlike {@code String.getBytes}.
 */
final class Utf8Truncation {

	private Utf8Truncation() {
	}

	/** @return the number of bytes written at {@code offset}, at most {@code maxBytes} */
	static int encode(CharSequence text, ByteBuffer buffer, int offset, int maxBytes) {
		return encodeFrom(text, 0, buffer, offset, 0, maxBytes);
	}

	/**
	 * The same, with a fast path for the common case, a {@link String} that starts with plain
	 * ASCII: its chars are copied in bulk into {@code chars}, narrowed into {@code bytes} (both at
	 * least {@code maxBytes} long) in one tight array loop, and put into the buffer in one bulk
	 * copy; only the rest, if any, is encoded char by char.
	 * @return the number of bytes written at {@code offset}, at most {@code maxBytes}
	 */
	static int encode(CharSequence text, ByteBuffer buffer, int offset, int maxBytes, char[] chars, byte[] bytes) {
		if (!(text instanceof String string)) {
			return encode(text, buffer, offset, maxBytes);
		}
		int count = Math.min(string.length(), maxBytes);
		string.getChars(0, count, chars, 0);
		int ascii = 0;
		while (ascii < count) {
			char c = chars[ascii];
			if (c == 0 || c >= 0x80) {
				break;
			}
			bytes[ascii++] = (byte) c;
		}
		buffer.put(offset, bytes, 0, ascii);
		if (ascii == string.length() || ascii == maxBytes) {
			return ascii;
		}
		return encodeFrom(string, ascii, buffer, offset, ascii, maxBytes);
	}

	private static int encodeFrom(CharSequence text, int start, ByteBuffer buffer, int offset, int alreadyWritten,
			int maxBytes) {
		int written = alreadyWritten;
		int length = text.length();
		for (int i = start; i < length; i++) {
			char c = text.charAt(i);
			if (c == 0) {
				break;
			}
			if (c < 0x80) {
				if (written + 1 > maxBytes) {
					break;
				}
				buffer.put(offset + written++, (byte) c);
				continue;
			}
			int codePoint = c;
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				codePoint = Character.toCodePoint(c, text.charAt(i + 1));
			}
			else if (Character.isSurrogate(c)) {
				codePoint = 0xFFFD;
			}
			int size = (codePoint < 0x800) ? 2 : (codePoint < 0x10000) ? 3 : 4;
			if (written + size > maxBytes) {
				break;
			}
			int at = offset + written;
			switch (size) {
				case 2 -> {
					buffer.put(at, (byte) (0xC0 | (codePoint >>> 6)));
					buffer.put(at + 1, (byte) (0x80 | (codePoint & 0x3F)));
				}
				case 3 -> {
					buffer.put(at, (byte) (0xE0 | (codePoint >>> 12)));
					buffer.put(at + 1, (byte) (0x80 | ((codePoint >>> 6) & 0x3F)));
					buffer.put(at + 2, (byte) (0x80 | (codePoint & 0x3F)));
				}
				default -> {
					buffer.put(at, (byte) (0xF0 | (codePoint >>> 18)));
					buffer.put(at + 1, (byte) (0x80 | ((codePoint >>> 12) & 0x3F)));
					buffer.put(at + 2, (byte) (0x80 | ((codePoint >>> 6) & 0x3F)));
					buffer.put(at + 3, (byte) (0x80 | (codePoint & 0x3F)));
					i++;
				}
			}
			written += size;
		}
		return written;
	}

}
