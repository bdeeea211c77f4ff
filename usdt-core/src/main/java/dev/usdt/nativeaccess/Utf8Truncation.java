package dev.usdt.nativeaccess;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Encodes text as UTF-8 into a buffer for a C reader: at most {@code maxBytes} bytes, cut before
 * the first character that does not fit (never inside one), unpaired surrogates as U+FFFD. A NUL
 * character is written as a 0 byte, so a C reader's string ends there. Whatever the input's size,
 * at most {@code maxBytes} chars are ever read from it.
 * <p>
 * One instance per pooled buffer, used by one thread at a time: it reuses its arrays and a JDK
 * {@link CharsetEncoder}, whose array loop the JIT compiles to vector code for ASCII, so encoding
 * allocates nothing and costs a fraction of a nanosecond per character.
 */
final class Utf8Truncation {

	/** U+FFFD in UTF-8, written in place of an unpaired surrogate. */
	private static final byte[] REPLACEMENT = { (byte) 0xEF, (byte) 0xBF, (byte) 0xBD };

	private final char[] chars;

	private final CharBuffer charView;

	private final byte[] bytes;

	private final ByteBuffer byteView;

	private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
		.onMalformedInput(CodingErrorAction.REPLACE)
		.onUnmappableCharacter(CodingErrorAction.REPLACE)
		.replaceWith(REPLACEMENT);

	Utf8Truncation(int maxBytes) {
		this.chars = new char[maxBytes];
		this.charView = CharBuffer.wrap(this.chars);
		this.bytes = new byte[maxBytes];
		this.byteView = ByteBuffer.wrap(this.bytes);
	}

	/** @return the number of bytes written at {@code offset}, at most {@code maxBytes} */
	int encode(CharSequence text, ByteBuffer buffer, int offset) {
		int length = text.length();
		// Every char takes at least one byte, so more than maxBytes chars can never fit
		int count = Math.min(length, this.chars.length);
		copyChars(text, count);
		this.charView.clear().limit(count);
		this.byteView.clear();
		this.encoder.reset();
		// Not the end of input if the text was cut: a high surrogate at the cut stays unencoded
		// instead of becoming U+FFFD (its pair could not have fitted anyway)
		this.encoder.encode(this.charView, this.byteView, count == length);
		int written = this.byteView.position();
		buffer.put(offset, this.bytes, 0, written);
		return written;
	}

	private void copyChars(CharSequence text, int count) {
		if (text instanceof String string) {
			string.getChars(0, count, this.chars, 0);
			return;
		}
		for (int i = 0; i < count; i++) {
			this.chars[i] = text.charAt(i);
		}
	}

}
