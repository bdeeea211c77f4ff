package dev.usdt;

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
			return String.valueOf(value);
		}
		catch (RuntimeException ex) {
			// A broken toString must not break the traced method
			return value.getClass().getName();
		}
	}

}
