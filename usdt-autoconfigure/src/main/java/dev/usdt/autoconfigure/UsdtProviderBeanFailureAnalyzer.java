package dev.usdt.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.analyzer.AbstractInjectionFailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.usdt.UsdtProvider;

/**
 * A missing bean of a {@code @UsdtProvider} interface, reported with the rule behind it: the
 * starter makes beans only for the interfaces in the auto-configuration packages, and an
 * interface elsewhere is otherwise named by Spring Boot's general "could not be found" alone.
 * Ahead of Spring Boot's analyzer of the same exception. Registered in
 * {@code META-INF/spring.factories}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class UsdtProviderBeanFailureAnalyzer extends AbstractInjectionFailureAnalyzer<NoSuchBeanDefinitionException> {

	private final @Nullable BeanFactory beanFactory;

	/** @param beanFactory the failed context's, which Spring Boot hands failure analyzers (if any) */
	UsdtProviderBeanFailureAnalyzer(@Nullable BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause,
			@Nullable String description) {
		Class<?> type = (cause.getResolvableType() != null) ? cause.getResolvableType().resolve() : null;
		if (type == null || !type.isInterface() || !type.isAnnotationPresent(UsdtProvider.class)) {
			return null;
		}
		String name = type.getSimpleName();
		String beanName = Character.toLowerCase(name.charAt(0)) + name.substring(1);
		String declare = "declare its bean: @Bean " + name + " " + beanName + "(UsdtRuntime usdt) { return usdt.bind("
				+ name + ".class); }";
		String what = ((description != null) ? description : "A component") + " required a bean of the @UsdtProvider "
				+ "interface " + type.getName() + ", which was not found: the USDT starter makes beans only for "
				+ "@UsdtProvider interfaces in or below the auto-configuration packages (the package of the "
				+ "@SpringBootApplication class)";
		if (this.beanFactory != null && !AutoConfigurationPackages.has(this.beanFactory)) {
			// A hand-made test slice, or @ImportAutoConfiguration without @SpringBootApplication
			return new FailureAnalysis(what + ", and this context registers none.",
					"Add @AutoConfigurationPackage to the configuration that starts the context, or " + declare, cause);
		}
		return new FailureAnalysis(what + ".", "Move " + type.getName() + " into or below the package of your "
				+ "@SpringBootApplication class, or " + declare, cause);
	}

}
