package dev.usdt;

import java.lang.System.Logger.Level;

import dev.usdt.backend.NoopBackend;
import dev.usdt.nativeaccess.NativeStrings;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * A probe that generated code holds in a {@code final} field while the provider behind it may
 * change: registered on first use, handed to a Spring context, withdrawn when that context closes
 * (see {@link ProviderDirectory}), or bound late (see {@link InterfaceProbes}). Unbound, it holds a
 * probe that is never enabled.
 *
 * <p>
 * Generated code checks {@link #shouldFire()} before it converts or passes anything, so a disabled
 * call costs what a disabled {@code static final} {@link Probe} costs: the process-wide guard, a
 * constant to the JIT, and nothing else while no probe of the process is enabled.
 */
public final class ProbeHandle {

	private static final System.Logger logger = System.getLogger(ProbeHandle.class.getName());

	/** What every unbound handle holds: a probe that is never enabled. */
	private static final Probe UNBOUND = unboundProbe();

	private final String provider;

	private final ProbeDefinition expected;

	/** Binds the handle's group when it is still unbound; {@code null} if nothing binds late. */
	private final Runnable lateBinding;

	private volatile Probe probe = UNBOUND;

	ProbeHandle(String provider, ProbeDefinition expected, Runnable lateBinding) {
		this.provider = provider;
		this.expected = expected;
		this.lateBinding = lateBinding;
	}

	/** Whether a tracer has the probe enabled: guard first, then the semaphore of the current provider. */
	public boolean shouldFire() {
		return ProbeGuard.mayBeEnabled() && probe().isEnabled();
	}

	/** The probe fired right now; a never-enabled one while no provider is bound. */
	public Probe probe() {
		Probe probe = this.probe;
		// Only reached while some probe of the process is enabled: a provider registered since can be bound now
		if (probe == UNBOUND && this.lateBinding != null) {
			this.lateBinding.run();
			probe = this.probe;
		}
		return probe;
	}

	/** The probe's declaration this handle was made for. */
	public ProbeDefinition definition() {
		return this.expected;
	}

	/** Fires {@code provider}'s probe of the same name from now on, if its arguments match; else nothing. */
	void bind(Provider provider) {
		ProbeDefinition actual = provider.definition().probe(this.expected.name()).orElse(null);
		if (actual == null || !this.expected.firesLike(actual) || !actual.isFireable()) {
			logger.log(Level.WARNING,
					"USDT probe " + this.provider + ":" + this.expected.signature() + " (" + this.expected.location()
							+ ") is not fired: provider '" + provider.name() + "' registered from " + provider.source()
							+ " declares " + ((actual != null) ? actual.signature() : "no such probe")
							+ "; generate the code from the same .d file the application registers");
			this.probe = UNBOUND;
			return;
		}
		this.probe = provider.probe(actual.name());
	}

	void bind(Probe probe) {
		this.probe = probe;
	}

	void unbind() {
		this.probe = UNBOUND;
	}

	boolean isBound() {
		return this.probe != UNBOUND;
	}

	private static Probe unboundProbe() {
		ProviderDefinition definition = ProviderDefinition.of("unbound", ProbeDefinition.of("unbound"));
		return new Provider(definition, new NoopBackend().load(definition), new NativeStrings(1)).probe("unbound");
	}

	@Override
	public String toString() {
		return this.provider + ":" + this.expected.signature() + " -> " + (isBound() ? this.probe : "unbound");
	}

}
