package dev.usdt.parser;

import java.util.HashMap;
import java.util.Map;

/**
 * The object-like macros a provider file defines with {@code #define}, as the conditional
 * directives see them: whether a name is defined, and what number it expands to. A function-like
 * macro ({@code #define f(x) ...}) only counts as defined. Expansion follows a macro whose value
 * is another macro's name, up to a bound, so that a cycle cannot loop.
 */
final class MacroTable {

	/** Bounds the expansion of a macro whose value names another macro. */
	static final int MAX_EXPANSIONS = 64;

	private final Map<String, String> values = new HashMap<>();

	/** Records {@code #define REST}: REST is the text after the directive's keyword. */
	void define(String rest) {
		String name = DirectiveScanner.word(rest, 0);
		if (name.isEmpty()) {
			return;
		}
		boolean functionLike = rest.length() > name.length() && rest.charAt(name.length()) == '(';
		this.values.put(name, functionLike ? "" : rest.substring(name.length()).strip());
	}

	void undefine(String name) {
		this.values.remove(name);
	}

	boolean isDefined(String name) {
		return this.values.containsKey(name);
	}

	/**
	 * The value of a number or a macro name in an {@code #if} expression: an undefined name is
	 * {@code 0}, as in cpp.
	 * @throws IllegalArgumentException if the value is not a number after expansion
	 */
	long value(String token) {
		String current = token;
		for (int expansions = 0; expansions <= MAX_EXPANSIONS; expansions++) {
			if (Character.isDigit(current.charAt(0))) {
				return number(current);
			}
			String body = this.values.get(identifier(current));
			if (body == null) {
				return 0;
			}
			if (body.isEmpty() || !body.equals(DirectiveScanner.word(body, 0))) {
				throw new IllegalArgumentException("not a number: " + body);
			}
			current = body;
		}
		throw new IllegalArgumentException("macros expand too deeply");
	}

	/** The token, if it is an identifier. */
	static String identifier(String token) {
		if (token.isEmpty() || !(Character.isLetter(token.charAt(0)) || token.charAt(0) == '_')) {
			throw new IllegalArgumentException("not an identifier: " + token);
		}
		return token;
	}

	/** A C integer literal: decimal, octal ({@code 0} prefix) or hex ({@code 0x}), with any {@code u}/{@code l} suffix. */
	private static long number(String token) {
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

}
