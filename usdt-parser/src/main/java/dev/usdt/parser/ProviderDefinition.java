package dev.usdt.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated provider: a name, its probes in declaration order, the {@code #pragma D attributes}
 * recorded for it (keyed by {@code provider}, {@code module}, {@code function}, {@code name},
 * {@code args}; values like {@code Evolving/Evolving/Common}) and where it was declared.
 */
public record ProviderDefinition(String name, List<ProbeDefinition> probes, Map<String, String> attributes,
		SourceLocation location) {

	public ProviderDefinition {
		Objects.requireNonNull(name, "name");
		probes = List.copyOf(probes);
		attributes = Map.copyOf(attributes);
		Objects.requireNonNull(location, "location");
	}

	public static ProviderDefinition of(String name, ProbeDefinition... probes) {
		return new ProviderDefinition(name, List.of(probes), Map.of(), SourceLocation.of("code"));
	}

	public Optional<ProbeDefinition> probe(String probeName) {
		for (ProbeDefinition probe : this.probes) {
			if (probe.name().equals(probeName)) {
				return Optional.of(probe);
			}
		}
		return Optional.empty();
	}

	/** The probes a USDT runtime can fire ({@link ProbeDefinition#isFireable()}), in declaration order. */
	public List<ProbeDefinition> fireableProbes() {
		List<ProbeDefinition> fireable = new ArrayList<>(this.probes.size());
		for (ProbeDefinition probe : this.probes) {
			if (probe.isFireable()) {
				fireable.add(probe);
			}
		}
		return fireable;
	}

	/**
	 * Why no runtime can register this provider, which then has nothing to fire: it declares no
	 * probes, or none that can be fired. Empty when it has a probe that can be fired.
	 */
	public Optional<String> unregistrableReason() {
		if (this.probes.isEmpty()) {
			return Optional.of("provider " + this.name + " declares no probes");
		}
		if (fireableProbes().isEmpty()) {
			return Optional.of("provider " + this.name + " has no probe this runtime can fire (each has more than "
					+ ProbeDefinition.MAX_ARGUMENTS + " arguments or a floating-point one)");
		}
		return Optional.empty();
	}

}
