package dev.usdt.autoconfigure;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

import dev.usdt.ProviderDirectory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for an
 * application that switched USDT off ({@code usdt.enabled=false}): classes generated from
 * {@code .d} files fire nothing instead of registering their provider with the process-wide
 * default runtime, so no backend is created and no probe library is written.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "usdt.enabled", havingValue = false)
public final class UsdtDisabledAutoConfiguration {

	/** A bean factory post-processor, so it runs before any application bean is created. */
	@Bean
	static BeanFactoryPostProcessor usdtDefaultRuntimeSwitchOff() {
		return (beanFactory) -> ProviderDirectory.disableDefaultRuntime();
	}

}
