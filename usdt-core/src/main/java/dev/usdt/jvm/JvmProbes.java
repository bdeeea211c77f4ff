package dev.usdt.jvm;

import dev.usdt.Probe;
import dev.usdt.Provider;

/** The registered probes of the JVM provider, looked up by {@link JvmProbe} without a map. */
final class JvmProbes {

	private final Probe[] probes;

	JvmProbes(Provider provider, JvmProbeNaming naming) {
		this.probes = new Probe[JvmProbe.all().size()];
		for (JvmProbe probe : JvmProbe.all()) {
			this.probes[probe.ordinal()] = provider.probe(probe.probeName(naming));
		}
	}

	Probe get(JvmProbe probe) {
		return this.probes[probe.ordinal()];
	}

	/** The live semaphore, as {@link Probe#isEnabled()}: what decides which feeds run. */
	boolean isEnabled(JvmProbe probe) {
		return get(probe).isEnabled();
	}

}
