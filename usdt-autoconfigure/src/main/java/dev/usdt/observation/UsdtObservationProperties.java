package dev.usdt.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.usdt.parser.DNames;

/**
 * Configuration properties of the Micrometer Observation bridge.
 */
@ConfigurationProperties("usdt.observation")
public class UsdtObservationProperties {

	/**
	 * Whether every Micrometer observation fires the probes of the observation provider while a
	 * tracer enables them.
	 */
	private boolean enabled = true;

	/**
	 * Name of the provider whose start, stop, error and event probes observations fire.
	 */
	private String provider = ObservationProbes.DEFAULT_PROVIDER;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getProvider() {
		return this.provider;
	}

	public void setProvider(String provider) {
		// A wrong name fails binding, which Spring Boot reports with the property and its origin
		DNames.checkProviderName(provider);
		this.provider = provider;
	}

}
