package dev.usdt;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.StringJoiner;

/** Converts boxed arguments of {@link Probe#fireArgs(Object...)} to what the stub receives. */
final class ArgumentValues {

	private ArgumentValues() {
	}

	static long integer(Object value, Probe probe, int index) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof Boolean bool) {
			return bool ? 1 : 0;
		}
		if (value instanceof Character character) {
			return character;
		}
		throw probe.mismatch("a " + value.getClass().getName() + " as argument " + index);
	}

	static CharSequence text(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof CharSequence chars) {
			return chars;
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		try {
			// an array's own toString is its type and identity hash, which tells a tracer nothing
			return value.getClass().isArray() ? arrayText(value) : String.valueOf(value);
		}
		catch (RuntimeException ex) {
			// A broken toString must not break the traced method
			return value.getClass().getName();
		}
	}

	/** As {@link Arrays#toString} writes it, nested arrays too: {@code [1, 2]}, {@code [[a], [b, c]]}. */
	private static String arrayText(Object array) {
		if (array instanceof Object[] objects) {
			return Arrays.deepToString(objects);
		}
		StringJoiner text = new StringJoiner(", ", "[", "]");
		for (int i = 0, length = Array.getLength(array); i < length; i++) {
			text.add(String.valueOf(Array.get(array, i)));
		}
		return text.toString();
	}

}
