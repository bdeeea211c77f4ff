package dev.usdt.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits the expression of an {@code #if} or {@code #elif} into tokens: words (identifiers and
 * numbers), the two-character operators, and every other character on its own.
 */
final class ConditionTokenizer {

	private static final Set<String> TWO_CHARACTER_OPERATORS = Set.of("&&", "||", "==", "!=", "<=", ">=");

	private ConditionTokenizer() {
	}

	static List<String> tokens(String expression) {
		List<String> tokens = new ArrayList<>();
		int i = 0;
		while (i < expression.length()) {
			char c = expression.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (Character.isLetterOrDigit(c) || c == '_') {
				String word = DirectiveScanner.word(expression, i);
				tokens.add(word);
				i += word.length();
			}
			else if (i + 1 < expression.length()
					&& TWO_CHARACTER_OPERATORS.contains(expression.substring(i, i + 2))) {
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

}
