package dev.usdt.parser;

/**
 * Finds the preprocessor lines of a provider file as cpp sees them: logical lines (joined by a
 * {@code \} before the newline), whether a line starts with {@code #}, whether a block comment
 * is still open at its end, and the text of a directive without comments. Also blanks text while
 * keeping every line and column where it was.
 */
final class DirectiveScanner {

	private DirectiveScanner() {
	}

	/** The longest run of identifier characters at {@code from}. */
	static String word(String text, int from) {
		int end = from;
		while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
			end++;
		}
		return text.substring(from, end);
	}

	/** The index of the newline that ends the logical line at {@code start} (lines joined by '\'). */
	static int logicalLineEnd(String text, int start) {
		int end = start;
		while (true) {
			int newline = text.indexOf('\n', end);
			if (newline < 0) {
				return text.length();
			}
			int before = newline - 1;
			if (before >= start && text.charAt(before) == '\r') {
				before--;
			}
			if (before < start || text.charAt(before) != '\\') {
				return newline;
			}
			end = newline + 1;
		}
	}

	/** The index of the '#' that starts a directive on this line, or -1. */
	static int directiveStart(String text, int start, int end) {
		int i = start;
		while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\f')) {
			i++;
		}
		return (i < end && text.charAt(i) == '#') ? i : -1;
	}

	/** The 1-based column of {@code index} on its line. */
	static int column(String text, int index) {
		return index - (text.lastIndexOf('\n', index - 1) + 1) + 1;
	}

	/** Whether a block comment is still open at the end of the line, given whether one was at its start. */
	static boolean endsInComment(String text, int start, int end, boolean inComment) {
		int i = start;
		char quote = 0;
		while (i < end) {
			char c = text.charAt(i);
			char next = (i + 1 < end) ? text.charAt(i + 1) : 0;
			if (inComment) {
				if (c == '*' && next == '/') {
					inComment = false;
					i++;
				}
			}
			else if (quote != 0) {
				if (c == '\\') {
					i++;
				}
				else if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '/' && next == '*') {
				inComment = true;
				i++;
			}
			else if (c == '/' && next == '/') {
				return false;
			}
			else if (c == '"' || c == '\'') {
				quote = c;
			}
			i++;
		}
		return inComment;
	}

	/** The directive text without comments and line continuations (a comment left open ends it). */
	static String withoutComments(String line) {
		StringBuilder result = new StringBuilder();
		int i = 0;
		while (i < line.length()) {
			char c = line.charAt(i);
			char next = (i + 1 < line.length()) ? line.charAt(i + 1) : 0;
			if (c == '/' && next == '*') {
				int close = line.indexOf("*/", i + 2);
				if (close < 0) {
					break;
				}
				result.append(' ');
				i = close + 2;
			}
			else if (c == '/' && next == '/') {
				break;
			}
			else if (c == '\\' && (next == '\n' || next == '\r')) {
				i++;
			}
			else {
				result.append((c == '\n' || c == '\r') ? ' ' : c);
				i++;
			}
		}
		return result.toString();
	}

	/** Replaces the characters between {@code start} and {@code end} by spaces, keeping line breaks. */
	static void blank(char[] out, int start, int end) {
		for (int i = start; i < end; i++) {
			if (out[i] != '\n' && out[i] != '\r') {
				out[i] = ' ';
			}
		}
	}

	static int countNewlines(String text, int start, int end) {
		int count = 0;
		for (int i = start; i < end; i++) {
			if (text.charAt(i) == '\n') {
				count++;
			}
		}
		return count;
	}

}
