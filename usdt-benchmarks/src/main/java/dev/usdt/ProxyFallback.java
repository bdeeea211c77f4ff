package dev.usdt;

/**
 * For {@code TypedProbesBenchmark} only: the JDK proxy that {@link TypedProviders} now uses only
 * where it cannot define a class in the interface's package, forced for an interface it would
 * implement otherwise. In usdt-core's package, so usdt-core needs no public API for it.
 */
public final class ProxyFallback {

	private ProxyFallback() {
	}

	/** The JDK proxy of {@code type}, bound to {@code provider}. */
	public static <T> T bind(Provider provider, Class<T> type) {
		InterfaceProbes probes = new InterfaceProbes(new TypedInterface(type), null);
		probes.bind(provider);
		return InterfaceProxy.create(type, probes);
	}

}
