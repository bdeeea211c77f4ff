package dev.usdt.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

import dev.usdt.UsdtRuntime;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * USDT probes: the {@link UsdtRuntime} (unless the application defines one), the registration of
 * every probe once the context is built, and the advice that fires {@code @UsdtProbe} methods'
 * probes.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "usdt.enabled", matchIfMissing = true)
@EnableConfigurationProperties(UsdtProperties.class)
public final class UsdtAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UsdtRuntime usdtRuntime(UsdtProperties properties) {
		return UsdtRuntime.create(properties.toOptions());
	}

	/**
	 * One per context, also below a parent that has its own: each context registers the probes of
	 * its own beans, into the runtime a child context shares with its parent.
	 */
	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	UsdtProbeRegistration usdtProbeRegistration(UsdtRuntime runtime, UsdtProperties properties,
			ConfigurableListableBeanFactory beanFactory, ResourceLoader resourceLoader, Environment environment) {
		String defaultProvider = properties.determineProvider(environment.getProperty("spring.application.name"));
		return new UsdtProbeRegistration(runtime, beanFactory,
				new DefinitionFileLoader(ResourcePatternUtils.getResourcePatternResolver(resourceLoader)),
				properties.getDefinitions(), new ProbedMethods(defaultProvider));
	}

	/**
	 * Static, so that creating it does not create this configuration early; infrastructure, so no
	 * other post-processor is expected to process it.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static UsdtProbeAdvisingPostProcessor usdtProbeAdvisingPostProcessor(
			ObjectProvider<UsdtProbeRegistration> registration) {
		return new UsdtProbeAdvisingPostProcessor(registration);
	}

	/** Static, as every bean factory post-processor: it runs before any other bean exists. */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ProbedSubclassDefinitions usdtProbedSubclassDefinitions() {
		return new ProbedSubclassDefinitions();
	}

	/** Probes must be registered at startup even when beans are lazy by default. */
	@Bean
	static LazyInitializationExcludeFilter usdtLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(UsdtProbeRegistration.class);
	}

}
