package dev.usdt.parser;

/**
 * One problem found in a D provider file, with where it is and the offending source line.
 *
 * @param severity whether the problem stops the file from being used
 * @param location source, line and column
 * @param message what was wrong or expected, in words a user can act on
 * @param sourceLine the offending line of the source, or an empty string if unknown
 */
public record DefinitionProblem(Severity severity, SourceLocation location, String message, String sourceLine) {

	public enum Severity {

		ERROR, WARNING;

		String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * One line: {@code FILE:LINE:COL: error: MESSAGE}. Text quoted from the file is cut and escaped
	 * where the message is made; the file's name is made printable here.
	 */
	public String summary() {
		return printable(this.location.toString()) + ": " + this.severity.label() + ": " + this.message;
	}

	/** The summary, then the offending line and a caret under the column. */
	public String format() {
		if (this.sourceLine.isEmpty() || this.location.column() < 1) {
			return summary();
		}
		StringBuilder caret = new StringBuilder();
		for (int i = 0; i < this.location.column() - 1 && i < this.sourceLine.length(); i++) {
			caret.append(this.sourceLine.charAt(i) == '\t' ? '\t' : ' ');
		}
		return summary() + System.lineSeparator() + printable(this.sourceLine) + System.lineSeparator() + caret + "^";
	}

	/**
	 * The line with invisible characters (other than tab; see QuotedText) shown as '?', one for one
	 * so the caret still lines up: a file's bytes must not drive or reorder the terminal that shows
	 * the error.
	 */
	private static String printable(String line) {
		StringBuilder text = new StringBuilder(line.length());
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			boolean control = c != '\t' && QuotedText.isInvisible(c);
			text.append(control ? '?' : c);
		}
		return text.toString();
	}
}
