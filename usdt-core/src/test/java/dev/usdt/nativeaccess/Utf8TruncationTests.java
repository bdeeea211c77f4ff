package dev.usdt.nativeaccess;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The string encoding every probe argument goes through: for any text, the C string a tracer reads
 * is the UTF-8 of the text up to its first NUL, with unpaired surrogates as U+FFFD, cut at the last
 * whole character that fits, and always valid UTF-8.
 */
class Utf8TruncationTests {

	@Test
	void documentedCasesEncodeExactly() {
		assertThat(encode("plain", 64)).isEqualTo(utf8("plain"));
		assertThat(encode("before\0after", 64)).isEqualTo(utf8("before"));
		assertThat(encode("\0", 64)).isEmpty();
		assertThat(encode("lone \uD800 high", 64)).isEqualTo(utf8("lone \uFFFD high"));
		assertThat(encode("lone \uDC00 low", 64)).isEqualTo(utf8("lone \uFFFD low"));
		assertThat(encode("reversed \uDC00\uD800", 64)).isEqualTo(utf8("reversed \uFFFD\uFFFD"));
		assertThat(encode("high at end \uD83D", 64)).isEqualTo(utf8("high at end \uFFFD"));
		assertThat(encode("x".repeat(9) + "é", 10)).isEqualTo(utf8("x".repeat(9)));
		assertThat(encode("x".repeat(8) + "東", 10)).isEqualTo(utf8("x".repeat(8)));
		assertThat(encode("x".repeat(7) + "🚀", 10)).isEqualTo(utf8("x".repeat(7)));
		assertThat(encode("x".repeat(6) + "🚀", 10)).isEqualTo(utf8("x".repeat(6) + "🚀"));
		assertThat(encode("🚀", 3)).isEmpty();
	}

	@Test
	void oneEncoderServesManyTextsInTurn() {
		Utf8Truncation encoder = new Utf8Truncation(8);
		ByteBuffer buffer = ByteBuffer.allocateDirect(16);
		assertThat(encoder.encode("high \uD83D", buffer, 0)).isEqualTo(8);
		assertThat(encoder.encode("abc", buffer, 0)).isEqualTo(3);
		assertThat(encoder.encode("x".repeat(7) + "\uD83D\uDE80", buffer, 0)).isEqualTo(7);
		assertThat(encoder.encode("", buffer, 0)).isZero();
	}

	@Test
	void aMegabyteStringIsCutAtTheLimitOnACharacterBoundary() {
		assertThat(encode("é".repeat(1 << 20), 255)).isEqualTo(utf8("é".repeat(127)));
		assertThat(encode("🚀".repeat(1 << 18), 1 << 20)).isEqualTo(utf8("🚀".repeat(1 << 18)));
		assertThat(encode("a".repeat((1 << 20) + 1), 1 << 20)).hasSize(1 << 20);
	}

	@Test
	void randomTextAlwaysMatchesTheReferenceAndIsValidUtf8() throws CharacterCodingException {
		Random random = new Random(8);
		char[] alphabet = { 'a', 'Z', '0', ' ', '\0', 'é', 'ß', '東', '\uFFFF', '\uD83D', '\uDE80', '\uD800', '\uDFFF',
				'\u07FF', '\u0800', '\u007F', '\u0080' };
		for (int n = 0; n < 50_000; n++) {
			char[] text = new char[random.nextInt(40)];
			for (int i = 0; i < text.length; i++) {
				text[i] = alphabet[random.nextInt(alphabet.length)];
			}
			int maxBytes = 1 + random.nextInt(48);
			String string = new String(text);
			byte[] encoded = encode(string, maxBytes);
			assertThat(encoded).as("%s with maxBytes %d", Arrays.toString(text), maxBytes)
				.isEqualTo(reference(string, maxBytes));
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(encoded));
		}
	}

	/** The documented result built from JDK pieces: cut at NUL, repair surrogates, whole characters. */
	private static byte[] reference(String text, int maxBytes) {
		int nul = text.indexOf('\0');
		String visible = (nul >= 0) ? text.substring(0, nul) : text;
		ByteBuffer out = ByteBuffer.allocate(maxBytes);
		for (int i = 0; i < visible.length();) {
			int codePoint = visible.codePointAt(i);
			i += Character.charCount(codePoint);
			String character = Character.isSurrogate((char) codePoint) && codePoint < 0x10000 ? "\uFFFD"
					: new String(Character.toChars(codePoint));
			byte[] bytes = utf8(character);
			if (bytes.length > out.remaining()) {
				break;
			}
			out.put(bytes);
		}
		return Arrays.copyOf(out.array(), out.position());
	}

	/**
	 * Encodes a String and the same text as another CharSequence (both must agree) and returns
	 * what a C reader sees: the bytes before the first NUL.
	 */
	private static byte[] encode(CharSequence text, int maxBytes) {
		byte[] fromString = written(text.toString(), maxBytes);
		assertThat(written(CharBuffer.wrap(text), maxBytes)).as("CharSequence path").isEqualTo(fromString);
		int nul = 0;
		while (nul < fromString.length && fromString[nul] != 0) {
			nul++;
		}
		return Arrays.copyOf(fromString, nul);
	}

	private static byte[] written(CharSequence text, int maxBytes) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(maxBytes + 8);
		int length = new Utf8Truncation(maxBytes).encode(text, buffer, 3);
		assertThat(length).isLessThanOrEqualTo(maxBytes);
		byte[] bytes = new byte[length];
		buffer.get(3, bytes);
		return bytes;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
