package dev.usdt.parser;

/**
 * How a probe argument is passed to the tracer: an integer of a width and signedness, a
 * NUL-terminated string, or a pointer (an unsigned 64-bit value). C types resolve per LP64.
 * {@link #FLOAT} and {@link #DOUBLE} record a floating-point argument as declared; a probe with one
 * parses and is listed but cannot be fired (see {@link ProbeDefinition#isFireable()} and
 * {@code docs/d-language.md §5}).
 */
public enum ArgumentKind {

	INT8(1, true, "int8_t"), UINT8(1, false, "uint8_t"),
	INT16(2, true, "int16_t"), UINT16(2, false, "uint16_t"),
	INT32(4, true, "int32_t"), UINT32(4, false, "uint32_t"),
	INT64(8, true, "int64_t"), UINT64(8, false, "uint64_t"),
	STRING(8, false, "char *"),
	POINTER(8, false, "uintptr_t"),
	FLOAT(4, true, "float"), DOUBLE(8, true, "double");

	private final int size;

	private final boolean signed;

	private final String canonicalType;

	ArgumentKind(int size, boolean signed, String canonicalType) {
		this.size = size;
		this.signed = signed;
		this.canonicalType = canonicalType;
	}

	/** Bytes the tracer reads: 1, 2, 4 or 8. */
	public int size() {
		return this.size;
	}

	public boolean isSigned() {
		return this.signed;
	}

	public boolean isString() {
		return this == STRING;
	}

	/** Whether this is {@code float} or {@code double} ({@code long double} included), which no probe can pass. */
	public boolean isFloatingPoint() {
		return this == FLOAT || this == DOUBLE;
	}

	/** The C type that declares this kind in a generated {@code .d} file, e.g. {@code uint64_t}. */
	public String canonicalType() {
		return this.canonicalType;
	}

	/** The integer kind of the given width in bytes (1, 2, 4 or 8) and signedness. */
	public static ArgumentKind integer(int size, boolean signed) {
		return switch (size) {
			case 1 -> signed ? INT8 : UINT8;
			case 2 -> signed ? INT16 : UINT16;
			case 4 -> signed ? INT32 : UINT32;
			case 8 -> signed ? INT64 : UINT64;
			default -> throw new IllegalArgumentException("No integer of " + size + " bytes");
		};
	}
}
