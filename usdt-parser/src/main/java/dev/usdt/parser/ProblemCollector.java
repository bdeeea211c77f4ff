package dev.usdt.parser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.usdt.parser.DefinitionProblem.Severity;

import org.antlr.v4.runtime.Token;

/**
 * Collects every problem found in one file, syntax and validation alike, so the user sees all of
 * them at once. Keeps at most {@value #MAX_ERRORS} errors: a binary file fed to the parser must not
 * produce a million-line report.
 */
final class ProblemCollector {

	static final int MAX_ERRORS = 100;

	/** Longer source lines are not quoted under a problem; its position still points into them. */
	static final int MAX_QUOTED_LINE = 500;

	private final SourceText source;

	private final List<DefinitionProblem> problems = new ArrayList<>();

	private int errors;

	ProblemCollector(SourceText source) {
		this.source = source;
	}

	SourceText source() {
		return this.source;
	}

	void error(Token token, String message) {
		error(token.getLine(), token.getCharPositionInLine() + 1, message);
	}

	void error(int line, int column, String message) {
		this.errors++;
		if (this.errors <= MAX_ERRORS) {
			add(Severity.ERROR, line, column, message);
		}
	}

	void error(SourceLocation location, String message) {
		error(location.line(), location.column(), message);
	}

	void warning(SourceLocation location, String message) {
		add(Severity.WARNING, location.line(), location.column(), message);
	}

	private void add(Severity severity, int line, int column, String message) {
		this.problems.add(new DefinitionProblem(severity, this.source.location(line, column), message,
				this.source.line(line, MAX_QUOTED_LINE)));
	}

	boolean hasErrors() {
		return this.errors > 0;
	}

	/** All problems in source order; a last one says how many errors were left out, if any. */
	List<DefinitionProblem> problems() {
		List<DefinitionProblem> sorted = new ArrayList<>(this.problems);
		sorted.sort(Comparator.comparingInt((DefinitionProblem problem) -> problem.location().line())
			.thenComparingInt((problem) -> problem.location().column()));
		if (this.errors > MAX_ERRORS) {
			sorted.add(new DefinitionProblem(Severity.ERROR, SourceLocation.of(this.source.name()),
					(this.errors - MAX_ERRORS) + " more errors not shown", ""));
		}
		return sorted;
	}

	List<DefinitionProblem> warnings() {
		return problems().stream().filter((problem) -> problem.severity() == Severity.WARNING).toList();
	}

}
