package dev.usdt.autoconfigure;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.aot.InstanceSupplierCodeGenerator;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RegisteredBean.InstantiationDescriptor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.CodeBlock;

/**
 * Spring AOT: a bean whose class {@link ProbedSubclassDefinitions} set to its generated
 * {@link ProbedSubclass} is created by the subclass's constructor in the generated code too.
 * Spring reads a {@code $$} class as a proxy and would write the constructor of the class it
 * extends; then the bean would need a CGLIB proxy at run time, which a native image cannot make.
 * The same mapping Spring makes for an enhanced {@code @Configuration} class
 * (docs/probed-subclasses.md §4).
 */
final class ProbedSubclassAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		RootBeanDefinition definition = registeredBean.getMergedBeanDefinition();
		if (!definition.hasBeanClass() || !ProbedSubclass.class.isAssignableFrom(definition.getBeanClass())
				|| definition.getInstanceSupplier() != null || definition.getFactoryMethodName() != null) {
			return null;
		}
		Class<?> subclass = definition.getBeanClass();
		return BeanRegistrationAotContribution
			.withCustomCodeFragments((fragments) -> new SubclassInstantiation(fragments, registeredBean, subclass));
	}

	private static final class SubclassInstantiation extends BeanRegistrationCodeFragmentsDecorator {

		private final RegisteredBean registeredBean;

		private final Class<?> subclass;

		SubclassInstantiation(BeanRegistrationCodeFragments delegate, RegisteredBean registeredBean, Class<?> subclass) {
			super(delegate);
			this.registeredBean = registeredBean;
			this.subclass = subclass;
		}

		@Override
		public CodeBlock generateInstanceSupplierCode(GenerationContext generationContext,
				BeanRegistrationCode beanRegistrationCode, boolean allowDirectSupplierShortcut) {
			Executable resolved = this.registeredBean.resolveInstantiationDescriptor().executable();
			Constructor<?> constructor;
			try {
				constructor = this.subclass.getDeclaredConstructor(resolved.getParameterTypes());
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(this.subclass.getName() + " has no constructor " + resolved
						+ " has: compile both again", ex);
			}
			return new InstanceSupplierCodeGenerator(generationContext, beanRegistrationCode.getClassName(),
					beanRegistrationCode.getMethods(), allowDirectSupplierShortcut)
				.generateCode(this.registeredBean, new InstantiationDescriptor(constructor, this.subclass));
		}

	}

}
