package dev.usdt.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.SourceLocation;

/**
 * A {@code @UsdtProbe} method and the two probes it gets: {@code <name>__entry} with its first six
 * arguments and {@code <name>__return} with {@code (int64_t elapsed_ns, char *error)}.
 *
 * @param method the advised method (the most specific one, on the user class)
 * @param provider the provider the probes belong to
 * @param name the probe base name
 * @param arguments the entry probe's arguments
 */
record ProbedMethod(Method method, String provider, String name, List<ProbeArgument> arguments) {

	static final String ENTRY_SUFFIX = "__entry";

	static final String RETURN_SUFFIX = "__return";

	private static final List<ProbeArgument> RETURN_ARGUMENTS = List
		.of(ProbeArgument.of("elapsed_ns", ArgumentKind.INT64), ProbeArgument.of("error", ArgumentKind.STRING));

	String entryName() {
		return this.name + ENTRY_SUFFIX;
	}

	String returnName() {
		return this.name + RETURN_SUFFIX;
	}

	ProbeDefinition entryProbe() {
		return new ProbeDefinition(entryName(), this.arguments, List.of(), location());
	}

	ProbeDefinition returnProbe() {
		return new ProbeDefinition(returnName(), RETURN_ARGUMENTS, List.of(), location());
	}

	/** {@code com.example.OrderService#place(String, long)}, for messages and the endpoint. */
	String describe() {
		StringJoiner parameters = new StringJoiner(", ", "(", ")");
		for (Class<?> type : this.method.getParameterTypes()) {
			parameters.add(type.getSimpleName());
		}
		return this.method.getDeclaringClass().getName() + "#" + this.method.getName() + parameters;
	}

	private SourceLocation location() {
		return SourceLocation.of(describe());
	}

	// Written out: a record's generated equals and hashCode link through a bootstrap method on first
	// use, ~1 ms of start-up each (docs/architecture.md §5)
	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof ProbedMethod that && this.method.equals(that.method)
				&& this.provider.equals(that.provider) && this.name.equals(that.name)
				&& this.arguments.equals(that.arguments));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.method, this.provider, this.name, this.arguments);
	}

}
