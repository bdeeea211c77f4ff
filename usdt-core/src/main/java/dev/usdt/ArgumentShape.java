package dev.usdt;

import java.util.List;

import dev.usdt.parser.ArgumentKind;

/**
 * A probe's declared arguments packed in one {@code int}, so a typed fire method checks its call
 * against the declaration with one comparison: the argument count in the low 4 bits, a bit per
 * string argument above them (bit {@code 4 + i} for argument {@code i}).
 */
final class ArgumentShape {

	private static final int COUNT_BITS = 4;

	private static final int COUNT_MASK = (1 << COUNT_BITS) - 1;

	private ArgumentShape() {
	}

	static int of(int count, int stringMask) {
		return count | (stringMask << COUNT_BITS);
	}

	static int of(List<ArgumentKind> kinds) {
		int mask = 0;
		for (int i = 0; i < kinds.size(); i++) {
			if (kinds.get(i).isString()) {
				mask |= 1 << i;
			}
		}
		return of(Math.min(kinds.size(), COUNT_MASK), mask);
	}

	static int count(int shape) {
		return shape & COUNT_MASK;
	}

	static boolean isString(int shape, int argument) {
		return ((shape >>> (COUNT_BITS + argument)) & 1) != 0;
	}

	static boolean hasStrings(int shape) {
		return (shape >>> COUNT_BITS) != 0;
	}

	/** The Java parameter types of a shape, e.g. {@code (String, long)}. */
	static String describe(int shape) {
		StringBuilder text = new StringBuilder("(");
		for (int i = 0; i < count(shape); i++) {
			text.append((i > 0) ? ", " : "").append(isString(shape, i) ? "String" : "long");
		}
		return text.append(")").toString();
	}

}
