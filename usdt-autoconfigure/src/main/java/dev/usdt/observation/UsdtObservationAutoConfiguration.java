package dev.usdt.observation;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the Micrometer Observation bridge: registers the {@code observation} provider and a
 * {@link UsdtObservationBridge}, which adds an {@link UsdtObservationHandler} to the application's
 * {@link ObservationRegistry}, after the handlers Spring Boot configured, once a tracer may be
 * listening.
 */
@AutoConfiguration(after = UsdtAutoConfiguration.class, afterName = {
		// Spring Boot 4, then 3.5: where the ObservationRegistry bean comes from
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration" })
@ConditionalOnClass(ObservationHandler.class)
@ConditionalOnBean({ UsdtRuntime.class, ObservationRegistry.class })
@ConditionalOnBooleanProperty(name = "usdt.observation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(UsdtObservationProperties.class)
public final class UsdtObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationProbes usdtObservationProbes(UsdtRuntime runtime, UsdtObservationProperties properties) {
		return ObservationProbes.register(runtime, properties.getProvider());
	}

	/**
	 * Not an {@code ObservationHandler} bean, which Spring Boot would add to the registry at once:
	 * the bridge adds its handler only when a tracer may be listening (see {@link UsdtObservationBridge}).
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean({ UsdtObservationBridge.class, UsdtObservationHandler.class })
	UsdtObservationBridge usdtObservationBridge(ObservationProbes probes, ObjectProvider<ObservationRegistry> registries) {
		return UsdtObservationBridge.joinWhenTraced(new UsdtObservationHandler(probes), registries.orderedStream().toList());
	}

	/** The provider must be registered, listed and bridged at startup even when beans are lazy by default. */
	@Bean
	static LazyInitializationExcludeFilter usdtObservationLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(ObservationProbes.class, UsdtObservationBridge.class);
	}

}
