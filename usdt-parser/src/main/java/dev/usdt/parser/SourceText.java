package dev.usdt.parser;

import java.util.Arrays;

/**
 * The text of one D provider file with its line starts indexed once, so that every problem can
 * quote its source line without rescanning the file (a broken file may have thousands).
 */
final class SourceText {

	private final String name;

	private final String text;

	private final int[] lineStarts;

	SourceText(String name, String text) {
		this.name = name;
		this.text = text;
		int[] starts = new int[16];
		int count = 0;
		starts[count++] = 0;
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '\n') {
				if (count == starts.length) {
					starts = Arrays.copyOf(starts, count * 2);
				}
				starts[count++] = i + 1;
			}
		}
		this.lineStarts = Arrays.copyOf(starts, count);
	}

	String name() {
		return this.name;
	}

	String text() {
		return this.text;
	}

	SourceLocation location(int line, int column) {
		return new SourceLocation(this.name, line, column);
	}

	/**
	 * The 1-based line without its line terminator, or an empty string if there is no such line or
	 * it is longer than {@code maxLength} (a minified or binary file: quoting it helps nobody, and
	 * a copy per problem could exhaust the heap).
	 */
	String line(int line, int maxLength) {
		if (line < 1 || line > this.lineStarts.length) {
			return "";
		}
		int start = this.lineStarts[line - 1];
		int end = (line < this.lineStarts.length) ? this.lineStarts[line] - 1 : this.text.length();
		if (end - start > maxLength + 1) {
			return "";
		}
		if (end > start && this.text.charAt(end - 1) == '\r') {
			end--;
		}
		return this.text.substring(start, Math.max(start, end));
	}

}
