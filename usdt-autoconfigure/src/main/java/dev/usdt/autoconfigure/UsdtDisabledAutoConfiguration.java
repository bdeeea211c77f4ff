package dev.usdt.autoconfigure;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.usdt.ProviderDirectory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for an
 * application that switched USDT off ({@code usdt.enabled=false}): classes generated from
 * {@code .d} files fire nothing instead of registering their provider with the process-wide
 * default runtime, so no backend is created and no probe library is written.
 */
@AutoConfiguration
@Conditional(UsdtDisabledAutoConfiguration.SwitchedOff.class)
public final class UsdtDisabledAutoConfiguration {

	private static final String ENABLED = "usdt.enabled";

	/** A bean factory post-processor, so it runs before any application bean is created. */
	@Bean
	static BeanFactoryPostProcessor usdtDefaultRuntimeSwitchOff(Environment environment) {
		// A value other than true or false (a typo) fails binding here, which Spring Boot reports
		// with the property, its value and where it was set, instead of switching USDT off unsaid;
		// plain false needs no binder (a disabled start should cost next to nothing)
		String value = environment.getProperty(ENABLED);
		if (value != null && !value.trim().equalsIgnoreCase("false")) {
			Binder.get(environment).bind(ENABLED, Boolean.class);
		}
		return (beanFactory) -> ProviderDirectory.disableDefaultRuntime();
	}

	/**
	 * {@code usdt.enabled} set to anything but {@code true}, which UsdtAutoConfiguration's
	 * condition takes: {@code false}, or a value that cannot be a boolean.
	 */
	static final class SwitchedOff extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String value = context.getEnvironment().getProperty(ENABLED);
			if (value == null || value.trim().equalsIgnoreCase("true")) {
				return ConditionOutcome.noMatch(ENABLED + " is " + ((value != null) ? "true" : "not set"));
			}
			return ConditionOutcome.match(ENABLED + " is '" + value + "'");
		}

	}

}
