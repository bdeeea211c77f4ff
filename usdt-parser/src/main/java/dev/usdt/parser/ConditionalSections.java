package dev.usdt.parser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the C preprocessor's conditional directives ({@code #if}, {@code #ifdef},
 * {@code #ifndef}, {@code #elif}, {@code #else}, {@code #endif}) to a provider file before it is
 * parsed, the way {@code dtrace -C -h} would: the lines of a group that is not taken are replaced
 * by blanks (line and column numbers stay the same), as are the conditional directives themselves.
 * <p>
 * Real files need this: CPython's {@code pydtrace.d} keeps a ustack helper (D program text, not
 * declarations) under {@code #ifdef PYDTRACE_STACK_HELPER}, Ruby's {@code probes.d} declares
 * optional probes under {@code #if VM_COLLECT_USAGE_DETAILS}. As in cpp, a macro is defined only
 * by a {@code #define} earlier in the file ({@code #include}d files are not read), and an
 * identifier that is not a macro counts as {@code 0} in an {@code #if} expression. A condition
 * that cannot be evaluated (arithmetic beyond comparisons and logic) is taken as true, with a
 * warning.
 */
final class ConditionalSections {

	/** Bounds the recursion of the expression evaluator and the expansion of macro values. */
	private static final int MAX_DEPTH = 64;

	private final ProblemCollector problems;

	private final Map<String, String> macros = new HashMap<>();

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
			int end = logicalLineEnd(text, start);
			int directive = inComment ? -1 : directiveStart(text, start, end);
			boolean wasActive = isActive();
			if (directive >= 0) {
				String line = withoutComments(text.substring(directive + 1, end));
				inComment = endsInComment(text, directive, end, false);
				if (directive(line.strip(), lineNumber, directive - lineStart(text, directive) + 1)) {
					blank(out, start, end);
					changed = true;
				}
				else if (!wasActive) {
					blank(out, start, end);
					changed = true;
				}
			}
			else {
				inComment = endsInComment(text, start, end, inComment);
				if (!wasActive) {
					blank(out, start, end);
					changed = true;
				}
			}
			lineNumber += countNewlines(text, start, end) + ((end < text.length()) ? 1 : 0);
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
		String keyword = word(line, 0);
		String rest = line.substring(keyword.length()).strip();
		switch (keyword) {
			case "if" -> open(keyword, isActive() && condition(rest, lineNumber, column), lineNumber, column);
			case "ifdef" -> open(keyword, isActive() && this.macros.containsKey(word(rest, 0)), lineNumber, column);
			case "ifndef" -> open(keyword, isActive() && !this.macros.containsKey(word(rest, 0)), lineNumber, column);
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
					String name = word(rest, 0);
					if (!name.isEmpty() && (rest.length() == name.length() || rest.charAt(name.length()) != '(')) {
						this.macros.put(name, rest.substring(name.length()).strip());
					}
					else if (!name.isEmpty()) {
						this.macros.put(name, "");
					}
				}
				return false;
			}
			case "undef" -> {
				if (isActive()) {
					this.macros.remove(word(rest, 0));
				}
				return false;
			}
			default -> {
				return false;
			}
		}
		return true;
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
			Evaluator evaluator = new Evaluator(tokens(expression));
			long value = evaluator.expression(0);
			if (evaluator.position != evaluator.tokens.size()) {
				throw new IllegalArgumentException();
			}
			return value != 0;
		}
		catch (IllegalArgumentException ex) {
			this.problems.warning(this.problems.source().location(line, column),
					"cannot evaluate '#if " + expression + "'; assuming it is true");
			return true;
		}
	}

	private List<String> tokens(String expression) {
		List<String> tokens = new ArrayList<>();
		int i = 0;
		while (i < expression.length()) {
			char c = expression.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (Character.isLetterOrDigit(c) || c == '_') {
				String word = word(expression, i);
				tokens.add(word);
				i += word.length();
			}
			else if (i + 1 < expression.length() && List.of("&&", "||", "==", "!=", "<=", ">=")
				.contains(expression.substring(i, i + 2))) {
				tokens.add(expression.substring(i, i + 2));
				i += 2;
			}
			else {
				tokens.add(String.valueOf(c));
				i++;
			}
		}
		return tokens;
	}

	/** Evaluates {@code || && == != < > <= >= ! - + ( ) defined}, numbers and macro names. */
	private final class Evaluator {

		private static final List<List<String>> LEVELS = List.of(List.of("||"), List.of("&&"),
				List.of("==", "!="), List.of("<", ">", "<=", ">="));

		private final List<String> tokens;

		private int position;

		private int depth;

		Evaluator(List<String> tokens) {
			this.tokens = tokens;
		}

		long expression(int level) {
			if (level == LEVELS.size()) {
				return unary();
			}
			long value = expression(level + 1);
			while (this.position < this.tokens.size() && LEVELS.get(level).contains(peek())) {
				String operator = this.tokens.get(this.position++);
				long right = expression(level + 1);
				value = switch (operator) {
					case "||" -> (value != 0 || right != 0) ? 1 : 0;
					case "&&" -> (value != 0 && right != 0) ? 1 : 0;
					case "==" -> (value == right) ? 1 : 0;
					case "!=" -> (value != right) ? 1 : 0;
					case "<" -> (value < right) ? 1 : 0;
					case ">" -> (value > right) ? 1 : 0;
					case "<=" -> (value <= right) ? 1 : 0;
					default -> (value >= right) ? 1 : 0;
				};
			}
			return value;
		}

		private long unary() {
			if (++this.depth > MAX_DEPTH) {
				throw new IllegalArgumentException();
			}
			try {
				String token = next();
				switch (token) {
					case "!" -> {
						return (unary() == 0) ? 1 : 0;
					}
					case "-" -> {
						return -unary();
					}
					case "+" -> {
						return unary();
					}
					case "(" -> {
						long value = expression(0);
						expect(")");
						return value;
					}
					case "defined" -> {
						boolean parenthesized = peek().equals("(");
						if (parenthesized) {
							next();
						}
						boolean defined = ConditionalSections.this.macros.containsKey(identifier(next()));
						if (parenthesized) {
							expect(")");
						}
						return defined ? 1 : 0;
					}
					default -> {
						return value(token, 0);
					}
				}
			}
			finally {
				this.depth--;
			}
		}

		private long value(String token, int expansions) {
			if (Character.isDigit(token.charAt(0))) {
				return number(token);
			}
			String body = ConditionalSections.this.macros.get(identifier(token));
			if (body == null) {
				return 0;
			}
			if (expansions > MAX_DEPTH || body.isEmpty() || !body.equals(word(body, 0))) {
				throw new IllegalArgumentException();
			}
			return value(body, expansions + 1);
		}

		private String identifier(String token) {
			if (token.isEmpty() || !(Character.isLetter(token.charAt(0)) || token.charAt(0) == '_')) {
				throw new IllegalArgumentException();
			}
			return token;
		}

		private long number(String token) {
			String digits = token.replaceFirst("[uUlL]+$", "");
			try {
				if (digits.startsWith("0x") || digits.startsWith("0X")) {
					return Long.parseUnsignedLong(digits.substring(2), 16);
				}
				if (digits.length() > 1 && digits.startsWith("0")) {
					return Long.parseUnsignedLong(digits.substring(1), 8);
				}
				return Long.parseUnsignedLong(digits);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(ex);
			}
		}

		private String peek() {
			return (this.position < this.tokens.size()) ? this.tokens.get(this.position) : "";
		}

		private String next() {
			if (this.position >= this.tokens.size()) {
				throw new IllegalArgumentException();
			}
			return this.tokens.get(this.position++);
		}

		private void expect(String token) {
			if (!next().equals(token)) {
				throw new IllegalArgumentException();
			}
		}

	}

	/** The longest run of identifier characters at {@code from}. */
	private static String word(String text, int from) {
		int end = from;
		while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
			end++;
		}
		return text.substring(from, end);
	}

	/** The index of the newline that ends the logical line at {@code start} (lines joined by '\'). */
	private static int logicalLineEnd(String text, int start) {
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
	private static int directiveStart(String text, int start, int end) {
		int i = start;
		while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\f')) {
			i++;
		}
		return (i < end && text.charAt(i) == '#') ? i : -1;
	}

	private static int lineStart(String text, int index) {
		return text.lastIndexOf('\n', index - 1) + 1;
	}

	/** Whether a block comment is still open at the end of the line, given whether one was at its start. */
	private static boolean endsInComment(String text, int start, int end, boolean inComment) {
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
	private static String withoutComments(String line) {
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

	private static void blank(char[] out, int start, int end) {
		for (int i = start; i < end; i++) {
			if (out[i] != '\n' && out[i] != '\r') {
				out[i] = ' ';
			}
		}
	}

	private static int countNewlines(String text, int start, int end) {
		int count = 0;
		for (int i = start; i < end; i++) {
			if (text.charAt(i) == '\n') {
				count++;
			}
		}
		return count;
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
