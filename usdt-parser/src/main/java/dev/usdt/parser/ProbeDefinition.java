package dev.usdt.parser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A validated probe: its name as declared (e.g. {@code order__placed}), its arguments and where it
 * was declared. {@link #translatedArguments()} holds the right-hand side of the translated form
 * {@code probe p(native) : (translated);}, and is empty otherwise.
 */
public record ProbeDefinition(String name, List<ProbeArgument> arguments, List<ProbeArgument> translatedArguments,
		SourceLocation location) {

	/** The most arguments this runtime can pass to a probe (the x86_64 register count). */
	public static final int MAX_ARGUMENTS = 6;

	public ProbeDefinition {
		Objects.requireNonNull(name, "name");
		arguments = List.copyOf(arguments);
		translatedArguments = List.copyOf(translatedArguments);
		Objects.requireNonNull(location, "location");
	}

	public static ProbeDefinition of(String name, ArgumentKind... kinds) {
		List<ProbeArgument> arguments = new ArrayList<>(kinds.length);
		for (ArgumentKind kind : kinds) {
			arguments.add(ProbeArgument.of(kind));
		}
		return new ProbeDefinition(name, arguments, List.of(), SourceLocation.of("code"));
	}

	/** The DTrace display name: {@code __} shown as {@code -} ({@code order__placed} → {@code order-placed}). */
	public String displayName() {
		return this.name.replace("__", "-");
	}

	/**
	 * Whether this runtime can fire the probe: at most {@value #MAX_ARGUMENTS} arguments, none of
	 * them floating-point.
	 */
	public boolean isFireable() {
		return unfireableReason().isEmpty();
	}

	/**
	 * Why this runtime cannot fire the probe, completing "probe NAME ...", e.g. {@code has 7
	 * arguments, but at most 6 arguments are supported}; empty if it can.
	 */
	public Optional<String> unfireableReason() {
		if (this.arguments.size() > MAX_ARGUMENTS) {
			return Optional.of("has " + this.arguments.size() + " arguments, but at most " + MAX_ARGUMENTS
					+ " arguments are supported");
		}
		for (int i = 0; i < this.arguments.size(); i++) {
			ProbeArgument argument = this.arguments.get(i);
			if (argument.kind().isFloatingPoint()) {
				// Floating-point values travel in vector registers, which USDT argument notes
				// cannot name for every tracer (docs/d-language.md §5).
				return Optional.of("takes a floating-point argument (argument " + i + ": " + argument.declaredType()
						+ "), which USDT probes cannot pass");
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether the other declaration can stand for this one when fired from Java: the same number
	 * of arguments, strings where strings are; integer widths may differ (a typed interface's
	 * {@code long} against a file's {@code uint32_t}), the tracer reads the declared one.
	 */
	public boolean firesLike(ProbeDefinition other) {
		if (this.arguments.size() != other.arguments.size()) {
			return false;
		}
		for (int i = 0; i < this.arguments.size(); i++) {
			if (this.arguments.get(i).kind().isString() != other.arguments.get(i).kind().isString()) {
				return false;
			}
		}
		return true;
	}

	public List<ArgumentKind> argumentKinds() {
		List<ArgumentKind> kinds = new ArrayList<>(this.arguments.size());
		for (ProbeArgument argument : this.arguments) {
			kinds.add(argument.kind());
		}
		return Collections.unmodifiableList(kinds);
	}

	/** The signature as declared, e.g. {@code order__placed(char *, uint64_t)}. */
	public String signature() {
		StringJoiner types = new StringJoiner(", ", "(", ")");
		for (ProbeArgument argument : this.arguments) {
			types.add(argument.declaredType());
		}
		return this.name + types;
	}
}
