package dev.usdt.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.util.StringUtils;

import dev.usdt.UsdtException;
import dev.usdt.backend.BackendException;

/**
 * Prints a startup failure of the USDT starter the way Spring Boot prints its own: what went
 * wrong under Description, the fix under Action. Registered in {@code META-INF/spring.factories}.
 */
final class UsdtFailureAnalyzer extends AbstractFailureAnalyzer<UsdtException> {

	private static final String BACKEND_ACTION = "Correct what the description names. Where tracing cannot work, "
			+ "usdt.strict=false starts the application with no-op probes instead; usdt.enabled=false turns the "
			+ "USDT starter off.";

	private static final String GENERAL_ACTION = "Correct what the description names; usdt.enabled=false turns the "
			+ "USDT starter off.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UsdtException cause) {
		if (cause instanceof ProbeDeclarationException declaration) {
			return new FailureAnalysis(declaration.getDescription() + ".",
					StringUtils.capitalize(declaration.getAction()) + ".", cause);
		}
		// usdt.strict only decides what a backend that cannot work does
		return new FailureAnalysis(String.valueOf(cause.getMessage()),
				(cause.getCause() instanceof BackendException) ? BACKEND_ACTION : GENERAL_ACTION, cause);
	}

}
