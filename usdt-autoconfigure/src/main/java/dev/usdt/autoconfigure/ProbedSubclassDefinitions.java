package dev.usdt.autoconfigure;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

import dev.usdt.UsdtProbe;
import dev.usdt.parser.JavaNames;

/**
 * Makes beans of classes with {@code @UsdtProbe} methods instances of the {@link ProbedSubclass}
 * usdt-core's annotation processor generated for them, the way Spring enhances
 * {@code @Configuration} classes: they fire their probes without a proxy, and an application that
 * proxies nothing else never starts CGLIB (issue 19: about 35 ms of start-up). Only beans defined
 * by their class (scanned or registered components, not {@code @Bean} methods), and only when the
 * subclass overrides exactly the methods that get probes: any other bean is proxied as before
 * (docs/probed-subclasses.md).
 */
final class ProbedSubclassDefinitions implements BeanFactoryPostProcessor {

	private static final Log logger = LogFactory.getLog(ProbedSubclassDefinitions.class);

	private static final String ANNOTATION = UsdtProbe.class.getName();

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		Set<String> notGenerated = new LinkedHashSet<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			if (definition instanceof AbstractBeanDefinition bean && definition instanceof AnnotatedBeanDefinition annotated
					&& bean.getFactoryMethodName() == null && mayHaveProbes(annotated.getMetadata())
					&& annotated.getMetadata().getClassName().equals(bean.getBeanClassName())) {
				String className = annotated.getMetadata().getClassName();
				Class<?> subclass = generatedSubclass(className, classLoader);
				if (subclass == null) {
					notGenerated.add(className);
				}
				else if (isUsable(subclass, className)) {
					bean.setBeanClass(subclass);
				}
			}
		}
		if (!notGenerated.isEmpty()) {
			// Works, but every call pays the proxy: say why once, since nothing else would
			logger.info("Proxying the beans of " + String.join(", ", notGenerated) + " for @UsdtProbe: no subclass "
					+ "was generated for them at compile time (usdt-core's annotation processor did not run, which "
					+ "JDK 23 and later do only when it is listed in annotationProcessorPaths, or it cannot extend "
					+ "the class); see the README, \"Typed interfaces: generated, not proxied\"");
		}
	}

	/** From the bean's class metadata, read without loading the class for scanned beans. */
	private static boolean mayHaveProbes(AnnotationMetadata metadata) {
		return metadata.isAnnotated(ANNOTATION) || metadata.hasAnnotatedMethods(ANNOTATION);
	}

	/** {@code CLASS$$Usdt}, or {@code null} if the annotation processor did not write it. */
	private static @Nullable Class<?> generatedSubclass(String className, @Nullable ClassLoader classLoader) {
		try {
			return ClassUtils.forName(JavaNames.probedSubclass(className), classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// compiled without the processor (JDK 23+ runs none it is not given): proxied
			return null;
		}
	}

	/** Whether the generated subclass fits the class as compiled now: else its beans are proxied. */
	private static boolean isUsable(Class<?> subclass, String className) {
		if (!ProbedSubclass.class.isAssignableFrom(subclass) || !subclass.getSuperclass().getName().equals(className)) {
			return false;
		}
		List<ProbedMethod> probed = new ProbedMethods("").scan(subclass.getSuperclass()).probed();
		if (!overridesExactly(subclass, probed)) {
			logger.debug("Proxying beans of " + className + ": " + subclass.getName()
					+ " does not override exactly the methods that get probes; compile both again");
			return false;
		}
		return true;
	}

	/** Whether {@code subclass} overrides the probed methods and no other (besides its binding). */
	private static boolean overridesExactly(Class<?> subclass, List<ProbedMethod> probed) {
		int overrides = 0;
		for (Method method : subclass.getDeclaredMethods()) {
			if (!method.isSynthetic() && !method.getName().equals("usdt$bind")) {
				overrides++;
			}
		}
		if (overrides != probed.size()) {
			return false;
		}
		for (ProbedMethod method : probed) {
			if (!overrides(subclass, method.method())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether {@code subclass} declares the method, or the bridge to its override. Neither
	 * AopUtils nor BridgeMethodResolver: they take a {@code $$} class for a proxy and look at its
	 * superclass.
	 */
	private static boolean overrides(Class<?> subclass, Method method) {
		return ClassUtils.getMostSpecificMethod(method, subclass).getDeclaringClass() == subclass;
	}

	/** The class {@code @UsdtProbe} is written on, for a bean whose class is a {@link ProbedSubclass} or extends one. */
	static Class<?> probedClass(Class<?> beanClass) {
		for (Class<?> type = beanClass; type != null; type = type.getSuperclass()) {
			if (Arrays.asList(type.getInterfaces()).contains(ProbedSubclass.class)) {
				return type.getSuperclass();
			}
		}
		return beanClass;
	}

}
