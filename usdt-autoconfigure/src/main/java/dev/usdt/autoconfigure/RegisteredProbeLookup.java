package dev.usdt.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Finds the context's {@link UsdtProbeRegistration} for calls of probed methods, once it has
 * registered the probes: before that (while the context is still being built) and after the
 * context closed, calls run untraced.
 */
final class RegisteredProbeLookup {

	private final ObjectProvider<UsdtProbeRegistration> registration;

	private volatile boolean closed;

	RegisteredProbeLookup(ObjectProvider<UsdtProbeRegistration> registration) {
		this.registration = registration;
	}

	/** The registration if it has registered the probes and the context is open, else {@code null}. */
	@Nullable UsdtProbeRegistration registration() {
		if (this.closed) {
			// a closed context would create its beans again to look the registration up
			return null;
		}
		UsdtProbeRegistration found;
		try {
			found = this.registration.getIfAvailable();
		}
		catch (BeansException ex) {
			// closed meanwhile: creating the registration again failed; the call must not fail
			return null;
		}
		return (found != null && found.isRegistered()) ? found : null;
	}

	/** Called when the context closes: from then on, methods not resolved yet run untraced. */
	void close() {
		this.closed = true;
	}

}
