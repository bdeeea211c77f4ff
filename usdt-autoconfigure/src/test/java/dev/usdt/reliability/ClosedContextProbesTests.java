package dev.usdt.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import dev.usdt.autoconfigure.UsdtAutoConfiguration;
import dev.usdt.autoconfigure.UsdtProbeRegistration;
import dev.usdt.autoconfigure.UsdtProviderInterfacesAutoConfiguration;
import dev.usdt.autoconfigure.sample.AuditService;
import dev.usdt.autoconfigure.sample.OrderEvents;
import dev.usdt.autoconfigure.sample.OrderService;
import dev.usdt.autoconfigure.sample.SampleConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beans that outlive their context: a typed provider or a {@code @UsdtProbe} method used for the
 * first time while the context is closing or after it closed is a no-op. It neither throws (the
 * registration it would look up is destroyed) nor brings the context's beans back to life.
 */
class ClosedContextProbesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class,
				UsdtProviderInterfacesAutoConfiguration.class, AopAutoConfiguration.class))
		.withPropertyValues("usdt.backend=noop");

	@Test
	void typedProviderAndProbedMethodsFirstUsedAfterCloseAreNoOpsAndCreateNoBeans() {
		AtomicReference<ConfigurableApplicationContext> closed = new AtomicReference<>();
		AtomicReference<OrderEvents> events = new AtomicReference<>();
		AtomicReference<OrderService> orders = new AtomicReference<>();
		AtomicReference<AuditService> audit = new AtomicReference<>();
		this.runner.withUserConfiguration(SampleConfiguration.class).run((context) -> {
			closed.set(context.getSourceApplicationContext());
			events.set(context.getBean(OrderEvents.class));
			orders.set(context.getBean(OrderService.class));
			audit.set(context.getBean(AuditService.class));
		});
		assertThat(events.get().isOrderPlacedEnabled()).isFalse();
		events.get().orderPlaced("A-1", 1);
		assertThat(orders.get().place("A-1", 1)).isEqualTo("placed A-1");
		assertThat(audit.get().count(1)).isEqualTo(2);
		assertThat(closed.get().getBeanFactory().containsSingleton("usdtProbeRegistration")).isFalse();
		assertThat(closed.get().getBeanFactory().containsSingleton("usdtRuntime")).isFalse();
	}

	@Test
	void typedProviderAndProbedMethodsFirstUsedWhileTheContextClosesAreNoOps() {
		ShutdownFiring firing = new ShutdownFiring();
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.withInitializer((context) -> {
				firing.setBeanFactory(context.getBeanFactory());
				context.getBeanFactory().addBeanPostProcessor(firing);
			})
			.run((context) -> {
				firing.events = context.getBean(OrderEvents.class);
				firing.orders = context.getBean(OrderService.class);
			});
		assertThat(firing.failures).isEmpty();
		assertThat(firing.fired).isTrue();
	}

	/**
	 * Fires once on the way out, as a last task of a service that stops, and only then: its
	 * shutdown runs right after the probe registration is destroyed, while the rest of the context
	 * is still being torn down (it is registered for destruction just before the registration).
	 */
	static class ShutdownFiring implements DisposableBean, InstantiationAwareBeanPostProcessor, BeanFactoryAware {

		final List<Throwable> failures = new ArrayList<>();

		volatile boolean fired;

		volatile @Nullable OrderEvents events;

		volatile @Nullable OrderService orders;

		private @Nullable DefaultListableBeanFactory beanFactory;

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = (DefaultListableBeanFactory) beanFactory;
		}

		@Override
		public @Nullable Object postProcessBeforeInstantiation(Class<?> beanClass, String beanName) {
			if ("usdtProbeRegistration".equals(beanName) && this.beanFactory != null) {
				this.beanFactory.registerDisposableBean("shutdownFiring", this);
			}
			return null;
		}

		@Override
		public void destroy() {
			try {
				this.events.orderCancelled("shutdown");
				assertThat(this.events.isOrderPlacedEnabled()).isFalse();
				assertThat(this.orders.place("shutdown", 0)).isEqualTo("placed shutdown");
				this.fired = true;
			}
			catch (Throwable ex) {
				this.failures.add(ex);
			}
		}

	}

}
