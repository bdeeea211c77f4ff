package dev.usdt.parser;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Applies the C preprocessor's conditional directives ({@code #if}, {@code #ifdef},
 * {@code #ifndef}, {@code #elif}, {@code #else}, {@code #endif}) to a provider file before it is
 * parsed, the way {@code dtrace -C -h} would: the lines of a group that is not taken are replaced
 * by blanks (line and column numbers stay the same), as are the conditional directives themselves.
 * <p>
 * Real files need this: an interpreter's provider file keeps a ustack helper (D program text,
 * not declarations) under an {@code #ifdef}, another declares optional probes under an {@code #if}
 * of a build option. As in cpp, a macro is defined only
 * by a {@code #define} earlier in the file ({@code #include}d files are not read), and an
 * identifier that is not a macro counts as {@code 0} in an {@code #if} expression. A condition
 * that cannot be evaluated (arithmetic beyond comparisons and logic) is taken as true, with a
 * warning. This class is the state machine of the groups; {@link DirectiveScanner} finds the
 * directive lines, {@link ConditionEvaluator} evaluates conditions with the {@link MacroTable}
 * (docs/d-language.md §6).
 */
final class ConditionalSections {

	private final ProblemCollector problems;

	private final MacroTable macros = new MacroTable();

	private final Deque<Group> groups = new ArrayDeque<>();

	private ConditionalSections(ProblemCollector problems) {
		this.problems = problems;
	}

	/**
	 * The text with the groups that are not taken blanked out, or the same instance if the text
	 * has no conditional directive.
	 */
	static String apply(String text, ProblemCollector problems) {
		if (text.indexOf('#') < 0) {
			return text;
		}
		return new ConditionalSections(problems).process(text);
	}

	private String process(String text) {
		char[] out = text.toCharArray();
		boolean inComment = false;
		int lineNumber = 1;
		int start = 0;
		boolean changed = false;
		while (start < text.length()) {
			int end = DirectiveScanner.logicalLineEnd(text, start);
			int directive = inComment ? -1 : DirectiveScanner.directiveStart(text, start, end);
			boolean wasActive = isActive();
			if (directive >= 0) {
				String line = DirectiveScanner.withoutComments(text.substring(directive + 1, end));
				inComment = DirectiveScanner.endsInComment(text, directive, end, false);
				if (directive(line.strip(), lineNumber, DirectiveScanner.column(text, directive))) {
					DirectiveScanner.blank(out, start, end);
					changed = true;
				}
				else if (!wasActive) {
					DirectiveScanner.blank(out, start, end);
					changed = true;
				}
			}
			else {
				inComment = DirectiveScanner.endsInComment(text, start, end, inComment);
				if (!wasActive) {
					DirectiveScanner.blank(out, start, end);
					changed = true;
				}
			}
			lineNumber += DirectiveScanner.countNewlines(text, start, end) + ((end < text.length()) ? 1 : 0);
			start = end + 1;
		}
		for (Group group : this.groups) {
			this.problems.warning(this.problems.source().location(group.line(), group.column()),
					"'#" + group.keyword() + "' without '#endif'");
		}
		return changed ? new String(out) : text;
	}

	/**
	 * Handles one directive; returns whether it is a conditional directive (which is blanked).
	 */
	private boolean directive(String line, int lineNumber, int column) {
		String keyword = DirectiveScanner.word(line, 0);
		String rest = line.substring(keyword.length()).strip();
		switch (keyword) {
			case "if" -> open(keyword, isActive() && condition(rest, lineNumber, column), lineNumber, column);
			case "ifdef" -> open(keyword, isActive() && this.macros.isDefined(firstWord(rest)), lineNumber, column);
			case "ifndef" -> open(keyword, isActive() && !this.macros.isDefined(firstWord(rest)), lineNumber, column);
			case "elif", "else" -> {
				Group group = this.groups.poll();
				if (group == null) {
					this.problems.warning(this.problems.source().location(lineNumber, column),
							"'#" + keyword + "' without '#if'; ignored");
					return true;
				}
				boolean taken = !group.done() && (keyword.equals("else") || condition(rest, lineNumber, column));
				this.groups.push(new Group(group.keyword(), group.line(), group.column(), taken,
						group.done() || taken));
			}
			case "endif" -> {
				if (this.groups.poll() == null) {
					this.problems.warning(this.problems.source().location(lineNumber, column),
							"'#endif' without '#if'; ignored");
				}
			}
			case "define" -> {
				if (isActive()) {
					this.macros.define(rest);
				}
				return false;
			}
			case "undef" -> {
				if (isActive()) {
					this.macros.undefine(firstWord(rest));
				}
				return false;
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	private static String firstWord(String text) {
		return DirectiveScanner.word(text, 0);
	}

	private void open(String keyword, boolean taken, int line, int column) {
		this.groups.push(new Group(keyword, line, column, taken, taken || !isActive()));
	}

	private boolean isActive() {
		Group group = this.groups.peek();
		return group == null || group.active();
	}

	private boolean condition(String expression, int line, int column) {
		try {
			return ConditionEvaluator.isTrue(expression, this.macros);
		}
		catch (IllegalArgumentException ex) {
			this.problems.warning(this.problems.source().location(line, column),
					"cannot evaluate " + QuotedText.quoted("#if " + expression) + "; assuming it is true");
			return true;
		}
	}

	/**
	 * An open conditional: whether its current branch is taken, and whether any branch was (or the
	 * enclosing group is inactive, so that no later branch can be).
	 */
	private record Group(String keyword, int line, int column, boolean taken, boolean done) {

		boolean active() {
			return this.taken;
		}

	}

}
