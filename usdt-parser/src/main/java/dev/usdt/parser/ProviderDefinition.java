package dev.usdt.parser;

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
}
