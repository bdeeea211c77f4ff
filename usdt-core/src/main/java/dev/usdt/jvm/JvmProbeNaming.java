package dev.usdt.jvm;

/**
 * How the JVM provider and its probes are named.
 */
public enum JvmProbeNaming {

	/** Provider {@code jvm}; probe names as in {@link JvmProbe}. */
	JVM("jvm"),

	/**
	 * Provider {@code hotspot}, and HotSpot's names ({@code gc__begin}, {@code mem__pool__gc__begin},
	 * {@code thread__stop}, ...) for the probes whose meaning matches {@code hotspot.d}, so scripts
	 * written for a JDK built with {@code --enable-dtrace} find them by name. Offered only when the
	 * running libjvm has no {@code .note.stapsdt} of its own: two {@code hotspot} providers in one
	 * process would make every such script ambiguous.
	 */
	HOTSPOT("hotspot");

	private final String providerName;

	JvmProbeNaming(String providerName) {
		this.providerName = providerName;
	}

	public String providerName() {
		return this.providerName;
	}

}
