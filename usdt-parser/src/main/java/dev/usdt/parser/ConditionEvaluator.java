package dev.usdt.parser;

import java.util.List;

/**
 * Evaluates the expression of an {@code #if} or {@code #elif}: {@code || && == != < > <= >= ! - +},
 * parentheses, {@code defined NAME} and {@code defined(NAME)}, numbers and macro names. Anything
 * else (arithmetic, function-like macros) cannot be evaluated; the caller decides what that means.
 */
final class ConditionEvaluator {

	/** Bounds the nesting of unary operators and parentheses, so no input can overflow the stack. */
	private static final int MAX_DEPTH = 64;

	/** Binary operators from the loosest to the tightest binding. */
	private static final List<List<String>> LEVELS = List.of(List.of("||"), List.of("&&"),
			List.of("==", "!="), List.of("<", ">", "<=", ">="));

	private final List<String> tokens;

	private final MacroTable macros;

	private int position;

	private int depth;

	private ConditionEvaluator(List<String> tokens, MacroTable macros) {
		this.tokens = tokens;
		this.macros = macros;
	}

	/**
	 * Whether the expression is true (non-zero).
	 * @throws IllegalArgumentException if it cannot be evaluated
	 */
	static boolean isTrue(String expression, MacroTable macros) {
		ConditionEvaluator evaluator = new ConditionEvaluator(ConditionTokenizer.tokens(expression), macros);
		long value = evaluator.expression(0);
		if (evaluator.position != evaluator.tokens.size()) {
			throw new IllegalArgumentException("unexpected " + evaluator.peek());
		}
		return value != 0;
	}

	private long expression(int level) {
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
			throw new IllegalArgumentException("nested too deeply");
		}
		try {
			String token = next();
			return switch (token) {
				case "!" -> (unary() == 0) ? 1 : 0;
				case "-" -> -unary();
				case "+" -> unary();
				case "(" -> {
					long value = expression(0);
					expect(")");
					yield value;
				}
				case "defined" -> defined() ? 1 : 0;
				default -> this.macros.value(token);
			};
		}
		finally {
			this.depth--;
		}
	}

	private boolean defined() {
		boolean parenthesized = peek().equals("(");
		if (parenthesized) {
			next();
		}
		boolean defined = this.macros.isDefined(MacroTable.identifier(next()));
		if (parenthesized) {
			expect(")");
		}
		return defined;
	}

	private String peek() {
		return (this.position < this.tokens.size()) ? this.tokens.get(this.position) : "";
	}

	private String next() {
		if (this.position >= this.tokens.size()) {
			throw new IllegalArgumentException("expression ends too early");
		}
		return this.tokens.get(this.position++);
	}

	private void expect(String token) {
		if (!next().equals(token)) {
			throw new IllegalArgumentException("expected " + token);
		}
	}

}
