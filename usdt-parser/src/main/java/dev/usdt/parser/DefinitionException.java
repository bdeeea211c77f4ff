package dev.usdt.parser;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The parser's one exception type: a D provider file could not be used. Holds every error found
 * in the file, not only the first; the message lists them as {@code FILE:LINE:COL: error: ...}.
 */
public class DefinitionException extends RuntimeException {

	private final List<DefinitionProblem> problems;

	public DefinitionException(List<DefinitionProblem> problems) {
		super(problems.stream().map(DefinitionProblem::format).collect(Collectors.joining(System.lineSeparator())));
		this.problems = List.copyOf(problems);
	}

	public List<DefinitionProblem> problems() {
		return this.problems;
	}
}
