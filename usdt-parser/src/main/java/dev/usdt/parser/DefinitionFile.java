package dev.usdt.parser;

import java.util.List;

/**
 * The result of parsing one D provider file: its providers, and the problems that do not stop the
 * file from being used (warnings, such as a probe with more arguments than this runtime can fire).
 */
public record DefinitionFile(String source, List<ProviderDefinition> providers, List<DefinitionProblem> warnings) {

	public DefinitionFile {
		providers = List.copyOf(providers);
		warnings = List.copyOf(warnings);
	}
}
