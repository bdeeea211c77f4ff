package dev.usdt.parser;

import java.util.Objects;

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

	// Written out: a record's generated equals and hashCode link through a bootstrap method on first
	// use, ~1 ms of an application's start-up each (docs/architecture.md §5)
	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof ProbeArgument that && Objects.equals(this.name, that.name)
				&& this.declaredType.equals(that.declaredType) && this.kind == that.kind);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.declaredType, this.kind);
	}

}
