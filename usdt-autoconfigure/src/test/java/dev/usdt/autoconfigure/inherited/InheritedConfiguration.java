package dev.usdt.autoconfigure.inherited;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Five beans inheriting the same methods, each with its own class-level provider: two plain
 * ones, one proxied for {@code @Async}, all three created by {@code @Bean} methods (so the probe
 * advice proxies them); and the two of {@link WrappedHandlersConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync(proxyTargetClass = true)
@Import(WrappedHandlersConfiguration.class)
public class InheritedConfiguration {

	@Bean
	public AlphaHandler alpha() {
		return new AlphaHandler();
	}

	@Bean
	public BetaHandler beta() {
		return new BetaHandler();
	}

	@Bean
	public DeltaHandler delta() {
		return new DeltaHandler();
	}

}
