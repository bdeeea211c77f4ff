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

	/** One line: {@code FILE:LINE:COL: error: MESSAGE}. */
	public String summary() {
		return this.location + ": " + this.severity.label() + ": " + this.message;
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
		return summary() + System.lineSeparator() + this.sourceLine + System.lineSeparator() + caret + "^";
	}
}
