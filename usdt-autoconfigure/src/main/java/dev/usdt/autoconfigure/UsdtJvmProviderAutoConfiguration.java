package dev.usdt.autoconfigure;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.usdt.UsdtRuntime;
import dev.usdt.jvm.JvmProvider;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the built-in JVM provider: registered on the {@link UsdtRuntime} when the context starts, so it
 * is listed at {@code /actuator/usdt} like any provider, and stopped before the runtime closes.
 * Until a tracer enables one of its probes it records nothing.
 */
@AutoConfiguration(after = UsdtAutoConfiguration.class)
@ConditionalOnBean(UsdtRuntime.class)
@ConditionalOnBooleanProperty(name = "usdt.jvm.enabled", matchIfMissing = true)
@EnableConfigurationProperties(UsdtProperties.class)
public final class UsdtJvmProviderAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	JvmProvider usdtJvmProvider(UsdtRuntime runtime, UsdtProperties properties) {
		return JvmProvider.install(runtime, properties.getJvm().getNaming());
	}

	/** The provider must be registered at startup even when beans are lazy by default. */
	@Bean
	static LazyInitializationExcludeFilter usdtJvmProviderLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(JvmProvider.class);
	}

}
