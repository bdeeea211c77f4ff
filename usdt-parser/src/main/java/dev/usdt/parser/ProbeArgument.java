package dev.usdt.parser;

/**
 * One probe argument: its optional parameter name, its C type as written in the source, and the
 * kind the type resolves to.
 *
 * @param name the parameter name, or {@code null} when the declaration has none
 * @param declaredType the C type as written, whitespace normalised (e.g. {@code const char *})
 * @param kind how the value is passed to the tracer
 */
public record ProbeArgument(String name, String declaredType, ArgumentKind kind) {

	public static ProbeArgument of(ArgumentKind kind) {
		return new ProbeArgument(null, kind.canonicalType(), kind);
	}

	public static ProbeArgument of(String name, ArgumentKind kind) {
		return new ProbeArgument(name, kind.canonicalType(), kind);
	}
}
