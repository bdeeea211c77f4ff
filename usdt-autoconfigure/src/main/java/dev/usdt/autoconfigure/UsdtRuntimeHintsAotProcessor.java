package dev.usdt.autoconfigure;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.usdt.parser.JavaNames;

/**
 * Spring AOT: records as runtime hints what the starter reads reflectively once the application
 * runs, so that a native image keeps it (on the JVM hints change nothing): the {@code .d} files
 * that {@code usdt.definitions} names on the class path, each {@code @UsdtProvider} interface (its
 * generated implementation, or a JDK proxy where there is none) and the {@code @UsdtProbe} methods
 * of every bean class.
 */
final class UsdtRuntimeHintsAotProcessor implements BeanFactoryInitializationAotProcessor {

	private static final String[] CLASSPATH_PREFIXES = { "classpath*:", "classpath:" };

	@Override
	public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
		List<String> resourcePatterns = resourcePatterns(beanFactory);
		Set<Class<?>> interfaces = new LinkedHashSet<>();
		Set<Method> methods = new LinkedHashSet<>();
		ProbedMethods probedMethods = new ProbedMethods(UsdtProperties.FALLBACK_PROVIDER);
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> providerInterface = providerInterface(beanFactory, name);
			if (providerInterface != null) {
				interfaces.add(providerInterface);
			}
			Class<?> beanClass = beanClass(beanFactory, name);
			if (beanClass != null) {
				probedMethods.scan(beanClass).probed().forEach((probed) -> methods.add(probed.method()));
			}
		}
		return (generationContext, code) -> {
			RuntimeHints hints = generationContext.getRuntimeHints();
			resourcePatterns.forEach(hints.resources()::registerPattern);
			for (Class<?> type : interfaces) {
				hints.proxies().registerJdkProxy(type);
				hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
				// the implementation usdt-core's annotation processor generated, created reflectively
				String generated = JavaNames.implementationClass(type.getName());
				if (ClassUtils.isPresent(generated, type.getClassLoader())) {
					hints.reflection().registerType(TypeReference.of(generated),
							MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
				}
			}
			methods.forEach((method) -> hints.reflection().registerMethod(method, ExecutableMode.INVOKE));
		};
	}

	/** {@code classpath*:usdt/**}{@code /*.d} → {@code usdt/**}{@code /*.d}; file patterns need no hint. */
	private static List<String> resourcePatterns(ConfigurableListableBeanFactory beanFactory) {
		List<String> definitions = new UsdtProperties().getDefinitions();
		if (beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
			Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME,
					Environment.class);
			definitions = Binder.get(environment)
				.bind("usdt.definitions", Bindable.listOf(String.class))
				.orElse(definitions);
		}
		List<String> patterns = new ArrayList<>();
		for (String definition : definitions) {
			for (String prefix : CLASSPATH_PREFIXES) {
				if (definition.trim().startsWith(prefix)) {
					String pattern = definition.trim().substring(prefix.length());
					patterns.add(pattern.startsWith("/") ? pattern.substring(1) : pattern);
					break;
				}
			}
		}
		return patterns;
	}

	/** The interface of a bean that {@link UsdtProviderInterfacesRegistrar} registered, else {@code null}. */
	private static @Nullable Class<?> providerInterface(ConfigurableListableBeanFactory beanFactory, String name) {
		try {
			BeanDefinition definition = beanFactory.getMergedBeanDefinition(name);
			return (UsdtProviderFactoryBean.class.getName().equals(definition.getBeanClassName())
					&& definition.getAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE) instanceof Class<?> type) ? type : null;
		}
		catch (BeansException ex) {
			// not ours to judge: a broken definition fails the build where it is processed
			return null;
		}
	}

	private static @Nullable Class<?> beanClass(ConfigurableListableBeanFactory beanFactory, String name) {
		try {
			Class<?> type = beanFactory.getType(name, false);
			return (type != null) ? ClassUtils.getUserClass(type) : null;
		}
		catch (BeansException ex) {
			// a definition whose type cannot be predicted has no probes we could know about
			return null;
		}
	}

}
