package dev.usdt.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.usdt.parser.DefinitionException;
import dev.usdt.parser.DefinitionProblem;

/**
 * Prints a D provider file that fails startup the way Spring Boot prints its own failures: every
 * error with {@code file:line:col}, the offending line and a caret, the file named by its path
 * on the class path ({@code usdt/orders.d}, see {@link DefinitionFileLoader}), then how to check
 * a file without starting the application.
 */
final class DefinitionFileFailureAnalyzer extends AbstractFailureAnalyzer<DefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DefinitionException cause) {
		List<DefinitionProblem> problems = cause.problems();
		Set<String> files = new LinkedHashSet<>();
		problems.forEach((problem) -> files.add(problem.location().source()));
		String errors = problems.stream()
			.map((problem) -> problem.format().indent(4).stripTrailing())
			.collect(Collectors.joining(System.lineSeparator()));
		String description = "USDT provider " + ((files.size() == 1) ? "file " : "files ") + String.join(", ", files)
				+ " cannot be used (" + problems.size() + ((problems.size() == 1) ? " error" : " errors") + "):"
				+ System.lineSeparator() + System.lineSeparator() + errors;
		String action = "Fix the provider file at the line and column shown ('java -jar usdt-cli.jar check FILE.d' "
				+ "checks one without starting the application; usdt-cli.jar is dev.usdt:usdt-core with classifier "
				+ "cli), or leave it out of usdt.definitions (default classpath*:usdt/**/*.d).";
		return new FailureAnalysis(description, action, cause);
	}

}
