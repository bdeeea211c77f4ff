package dev.usdt.parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules a parsed file must follow beyond its syntax: names a tracer can show and DTrace can
 * store (C identifiers within DTrace's length limits; only the keywords {@code provider} and
 * {@code probe} are reserved), no duplicates, and warnings for probes this runtime cannot fire and
 * for providers without probes, which are left out (docs/d-language.md §2).
 */
final class DefinitionValidator {

	/** DTrace appends the process id (up to 10 digits) to a provider name of at most 63 bytes. */
	static final int MAX_PROVIDER_NAME_LENGTH = 53;

	/** DTrace's probe name buffer is 64 bytes including the terminating NUL. */
	static final int MAX_PROBE_NAME_LENGTH = 63;

	private final ProblemCollector problems;

	DefinitionValidator(ProblemCollector problems) {
		this.problems = problems;
	}

	/**
	 * Reports the problems of the given providers.
	 * @return the providers to use: all but those without probes
	 */
	List<ProviderDefinition> validate(List<ProviderDefinition> providers) {
		Map<String, ProviderDefinition> seen = new HashMap<>();
		List<ProviderDefinition> usable = new ArrayList<>();
		for (ProviderDefinition provider : providers) {
			validateName(provider);
			ProviderDefinition first = seen.putIfAbsent(provider.name(), provider);
			if (first != null) {
				this.problems.error(provider.location(), "duplicate provider " + QuotedText.quoted(provider.name())
						+ " (first declared at line " + first.location().line() + ")");
			}
			// dtrace -h accepts an empty provider and real files have one (its probes moved to
			// another file): it is left out, with a warning, so that no backend ever sees a provider
			// without probes (docs/d-language.md §2).
			if (provider.probes().isEmpty()) {
				this.problems.warning(provider.location(), "provider " + QuotedText.quoted(provider.name())
						+ " declares no probes and is ignored; a provider needs at least one 'probe NAME(...);'");
			}
			else {
				usable.add(provider);
			}
			validateProbes(provider);
		}
		return usable;
	}

	private void validateName(ProviderDefinition provider) {
		String name = provider.name();
		if (name.equals("provider")) {
			this.problems.error(provider.location(), "'provider' is reserved and cannot name a provider");
		}
		else if (!DNames.isIdentifier(name)) {
			this.problems.error(provider.location(), "provider name " + QuotedText.quoted(name) + " is not an identifier: "
					+ DNames.providerNameRule(name));
		}
		else if (name.length() > MAX_PROVIDER_NAME_LENGTH) {
			this.problems.error(provider.location(), "provider name " + QuotedText.quoted(name) + " is " + name.length()
					+ " characters long; at most " + MAX_PROVIDER_NAME_LENGTH
					+ " are allowed because DTrace appends the process id");
		}
	}

	private void validateProbes(ProviderDefinition provider) {
		Map<String, ProbeDefinition> seen = new HashMap<>();
		for (ProbeDefinition probe : provider.probes()) {
			String name = probe.name();
			if (name.equals("probe")) {
				this.problems.error(probe.location(), "'" + name + "' is reserved and cannot name a probe");
			}
			else if (!DNames.isIdentifier(name)) {
				this.problems.error(probe.location(), "probe name " + QuotedText.quoted(name) + " is not an identifier: "
						+ DNames.probeNameRule(name));
			}
			else if (name.length() > MAX_PROBE_NAME_LENGTH) {
				this.problems.error(probe.location(), "probe name " + QuotedText.quoted(name) + " is " + name.length()
						+ " characters long; at most " + MAX_PROBE_NAME_LENGTH + " are allowed");
			}
			ProbeDefinition first = seen.putIfAbsent(name, probe);
			if (first != null) {
				this.problems.error(probe.location(), "duplicate probe " + QuotedText.quoted(name) + " in provider "
						+ QuotedText.quoted(provider.name()) + " (first declared at line " + first.location().line() + ")");
			}
			probe.unfireableReason().ifPresent((reason) -> this.problems.warning(probe.location(),
					"probe " + QuotedText.quoted(name) + " " + reason + ": it cannot be fired by this runtime"));
		}
	}

}
