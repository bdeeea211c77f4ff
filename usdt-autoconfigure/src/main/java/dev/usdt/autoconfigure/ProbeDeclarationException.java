package dev.usdt.autoconfigure;

import org.jspecify.annotations.Nullable;

import dev.usdt.UsdtException;

/**
 * The application declares probes that cannot be registered together: one probe name from two
 * sources, a {@code @UsdtProvider} interface that does not match its {@code .d} file, a provider
 * registered elsewhere without the probes asked for. Startup fails; the message says what is
 * wrong and then how to fix it, which Spring Boot prints apart as Description and Action.
 */
public class ProbeDeclarationException extends UsdtException {

	private final String description;

	private final String action;

	ProbeDeclarationException(String description, String action, @Nullable Throwable cause) {
		super(description + "; " + action, cause);
		this.description = description;
		this.action = action;
	}

	/** What is wrong, naming the sources involved. */
	public String getDescription() {
		return this.description;
	}

	/** How to fix it. */
	public String getAction() {
		return this.action;
	}

}
