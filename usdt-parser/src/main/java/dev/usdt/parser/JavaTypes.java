package dev.usdt.parser;

import java.util.Optional;

/**
 * Which Java type carries which probe argument, for generated code and for typed interfaces.
 * Generated code uses the narrowest Java type that holds every value: {@code char *} →
 * {@code String}, signed integers → the type of their width, unsigned ones → the next wider signed
 * type ({@code uint64_t} and pointers → {@code long}, passed bit for bit).
 */
public final class JavaTypes {

	private JavaTypes() {
	}

	/**
	 * The parameter type generated code declares for an argument kind, e.g. {@code long} for
	 * {@code int64_t}. Floating-point kinds map to their Java types, though no probe with one can be
	 * fired.
	 */
	public static String parameterType(ArgumentKind kind) {
		return switch (kind) {
			case STRING -> "String";
			case INT8 -> "byte";
			case INT16, UINT8 -> "short";
			case INT32, UINT16 -> "int";
			case INT64, UINT32, UINT64, POINTER -> "long";
			case FLOAT -> "float";
			case DOUBLE -> "double";
		};
	}

	/**
	 * The {@code Probe} method generated code fires through: {@code fire} has typed overloads for
	 * every long/String mix of up to four arguments and for all-long lists of up to six (the
	 * overloads usdt-core's FireMethodsGenerator writes); any other mix goes through {@code fireArgs}.
	 */
	public static String fireMethod(int argumentCount, boolean anyString) {
		return (argumentCount > 4 && anyString) ? "fireArgs" : "fire";
	}

	/**
	 * The integer kind a Java type (by its canonical name, e.g. {@code int} or {@code java.lang.Long})
	 * is passed as: signed of its width for {@code byte}, {@code short}, {@code int}, {@code long};
	 * {@code uint8_t} for {@code boolean}; {@code uint16_t} for {@code char}; boxes like their
	 * primitives. Empty for every other type.
	 */
	public static Optional<ArgumentKind> integerKind(String javaType) {
		return Optional.ofNullable(switch (javaType) {
			case "long", "java.lang.Long" -> ArgumentKind.INT64;
			case "int", "java.lang.Integer" -> ArgumentKind.INT32;
			case "short", "java.lang.Short" -> ArgumentKind.INT16;
			case "byte", "java.lang.Byte" -> ArgumentKind.INT8;
			case "boolean", "java.lang.Boolean" -> ArgumentKind.UINT8;
			case "char", "java.lang.Character" -> ArgumentKind.UINT16;
			default -> null;
		});
	}

}
