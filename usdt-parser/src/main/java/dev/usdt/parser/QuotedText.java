package dev.usdt.parser;

/**
 * Text from a provider file as a problem message quotes it: cut after {@link #MAX_LENGTH}
 * characters (with {@code ...}), control characters written as {@code \xNN}, other invisible
 * ones as a backslash, {@code u} and four hex digits. A hostile file can then neither make one
 * log line megabytes long, nor drive or reorder the terminal that shows it, nor hide a character
 * in a name.
 */
public final class QuotedText {

	/** Longer than any name the rules allow (63 characters), so that a legal name is quoted whole. */
	static final int MAX_LENGTH = 80;

	private QuotedText() {
	}

	/** {@code text} between single quotes, cut and escaped. */
	public static String quoted(String text) {
		return quoted(text, MAX_LENGTH);
	}

	static String quoted(String text, int maxLength) {
		return "'" + shortened(text, maxLength) + "'";
	}

	/**
	 * {@code text} escaped but whole, for a line a script reads back (a path): it stays one line
	 * and shows every character that is there.
	 */
	public static String escaped(String text) {
		return shortened(text, Integer.MAX_VALUE);
	}

	/** {@code text} cut and escaped, for a message that repeats it inside a suggestion. */
	static String shortened(String text) {
		return shortened(text, MAX_LENGTH);
	}

	private static String shortened(String text, int maxLength) {
		int end = text.length();
		boolean cut = end > maxLength;
		if (cut) {
			// never half a surrogate pair
			end = Character.isHighSurrogate(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
		}
		StringBuilder shortened = new StringBuilder(end + 8);
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			if (isControl(c)) {
				shortened.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
			}
			else if (isInvisible(c)) {
				shortened.append("\\u");
				for (int shift = 12; shift >= 0; shift -= 4) {
					shortened.append(Character.forDigit((c >> shift) & 0xf, 16));
				}
			}
			else {
				shortened.append(c);
			}
		}
		return cut ? shortened.append("...").toString() : shortened.toString();
	}

	/** A C0 or C1 control character, DEL included: what could drive a terminal. */
	static boolean isControl(char c) {
		return c < 0x20 || (c >= 0x7f && c <= 0x9f);
	}

	/**
	 * A character a reader cannot see, or that rearranges what they see: a control character, a
	 * format character (a zero-width space, a byte order mark, a bidirectional override) or a line or
	 * paragraph separator.
	 */
	static boolean isInvisible(char c) {
		if (isControl(c)) {
			return true;
		}
		int type = Character.getType(c);
		return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
	}

}
