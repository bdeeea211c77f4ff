package dev.usdt;

import java.lang.System.Logger.Level;

import dev.usdt.parser.ProbeDefinition;

/**
 * A probe that generated code holds in a {@code static final} field while the provider behind it
 * may change: registered on first use, handed to a Spring context, withdrawn when that context
 * closes (see {@link ProviderDirectory}). Unbound, it holds a probe that is never enabled.
 *
 * <p>
 * Generated code checks {@link #shouldFire()} before it builds or passes anything, so a disabled
 * call costs what a disabled {@code static final} {@link Probe} costs: the process-wide guard, a
 * constant to the JIT, and nothing else while no probe of the process is enabled.
 */
public final class ProbeHandle {

	private static final System.Logger logger = System.getLogger(ProbeHandle.class.getName());

	private final String provider;

	private final ProbeDefinition expected;

	private final Probe unbound;

	private volatile Probe probe;

	ProbeHandle(String provider, ProbeDefinition expected, Probe unbound) {
		this.provider = provider;
		this.expected = expected;
		this.unbound = unbound;
		this.probe = unbound;
	}

	/** Whether a tracer has the probe enabled: guard first, then the semaphore of the current provider. */
	public boolean shouldFire() {
		return ProbeGuard.mayBeEnabled() && this.probe.isEnabled();
	}

	/** The probe fired right now; a never-enabled one while no provider is bound. */
	public Probe probe() {
		return this.probe;
	}

	/** The probe's declaration this handle was generated from. */
	public ProbeDefinition definition() {
		return this.expected;
	}

	/** Fires {@code provider}'s probe of the same name from now on, if its arguments match; else nothing. */
	void bind(Provider provider) {
		ProbeDefinition actual = provider.definition().probe(this.expected.name()).orElse(null);
		if (actual == null || !ProbeShapes.compatible(this.expected, actual)) {
			logger.log(Level.WARNING,
					"USDT probe " + this.provider + ":" + this.expected.signature() + " (" + this.expected.location()
							+ ") is not fired: provider '" + provider.name() + "' registered from " + provider.source()
							+ " declares " + ((actual != null) ? actual.signature() : "no such probe")
							+ "; generate the code from the same .d file the application registers");
			this.probe = this.unbound;
			return;
		}
		this.probe = provider.probe(actual.name());
	}

	void unbind() {
		this.probe = this.unbound;
	}

	@Override
	public String toString() {
		return this.provider + ":" + this.expected.signature() + " -> " + this.probe;
	}

}
