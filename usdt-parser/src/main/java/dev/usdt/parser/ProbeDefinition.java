package dev.usdt.parser;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

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
		return new ProbeDefinition(name, java.util.Arrays.stream(kinds).map(ProbeArgument::of).toList(), List.of(),
				SourceLocation.of("code"));
	}

	/** The DTrace display name: {@code __} shown as {@code -} ({@code order__placed} → {@code order-placed}). */
	public String displayName() {
		return this.name.replace("__", "-");
	}

	/** Whether this runtime can fire the probe (at most {@value #MAX_ARGUMENTS} arguments). */
	public boolean isFireable() {
		return this.arguments.size() <= MAX_ARGUMENTS;
	}

	public List<ArgumentKind> argumentKinds() {
		return this.arguments.stream().map(ProbeArgument::kind).toList();
	}

	/** The signature as declared, e.g. {@code order__placed(char *, uint64_t)}. */
	public String signature() {
		return this.name + this.arguments.stream().map(ProbeArgument::declaredType)
			.collect(Collectors.joining(", ", "(", ")"));
	}
}
