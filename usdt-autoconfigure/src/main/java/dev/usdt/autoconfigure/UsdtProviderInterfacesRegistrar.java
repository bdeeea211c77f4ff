package dev.usdt.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import dev.usdt.UsdtProvider;

/**
 * Registers a bean for every {@code @UsdtProvider} interface in the auto-configuration packages
 * (the packages of the {@code @SpringBootApplication} class), the way Spring Data finds
 * repositories. An interface that already has a bean (a user's own, a test double) is left alone.
 */
class UsdtProviderInterfacesRegistrar implements ImportBeanDefinitionRegistrar {

	/** The name Boot's {@code SharedMetadataReaderFactoryContextInitializer} registers its cache under. */
	private static final String SHARED_METADATA_READER_FACTORY = "org.springframework.boot.autoconfigure.internalCachingMetadataReaderFactory";

	private final BeanFactory beanFactory;

	private final Environment environment;

	private final ResourceLoader resourceLoader;

	UsdtProviderInterfacesRegistrar(BeanFactory beanFactory, Environment environment, ResourceLoader resourceLoader) {
		this.beanFactory = beanFactory;
		this.environment = environment;
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		if (!AutoConfigurationPackages.has(this.beanFactory)) {
			return;
		}
		ClassPathScanningCandidateComponentProvider scanner = scanner();
		for (String basePackage : AutoConfigurationPackages.get(this.beanFactory)) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				String className = candidate.getBeanClassName();
				if (className != null) {
					register(ClassUtils.resolveClassName(className, this.resourceLoader.getClassLoader()), registry);
				}
			}
		}
	}

	private void register(Class<?> type, BeanDefinitionRegistry registry) {
		if (this.beanFactory instanceof ListableBeanFactory listable
				&& listable.getBeanNamesForType(type, true, false).length > 0) {
			return;
		}
		String beanName = beanName(type);
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(UsdtProviderFactoryBean.class);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
		definition.setTargetType(ResolvableType.forClassWithGenerics(UsdtProviderFactoryBean.class, type));
		definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, type);
		registry.registerBeanDefinition(beanName, definition);
	}

	/** {@code com.example.Outer.OrderProbes} → {@code orderProbes}. */
	private static String beanName(Class<?> type) {
		String name = type.getSimpleName();
		return Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

	/**
	 * Boot's cache of class-file metadata, which the component scan of the same packages has just
	 * filled: with it this scan lists the classes again but reads none of them (issue 19).
	 */
	private @Nullable MetadataReaderFactory sharedMetadataReaderFactory() {
		if (this.beanFactory instanceof ListableBeanFactory listable
				&& listable.containsBean(SHARED_METADATA_READER_FACTORY)) {
			return listable.getBean(SHARED_METADATA_READER_FACTORY, MetadataReaderFactory.class);
		}
		return null;
	}

	private ClassPathScanningCandidateComponentProvider scanner() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				this.environment) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
			}

		};
		scanner.addIncludeFilter(new AnnotationTypeFilter(UsdtProvider.class, true, true));
		scanner.setResourceLoader(this.resourceLoader);
		// After setResourceLoader, which installs a fresh cache of its own
		MetadataReaderFactory shared = sharedMetadataReaderFactory();
		if (shared != null) {
			scanner.setMetadataReaderFactory(shared);
		}
		return scanner;
	}

}
