package dev.usdt.autoconfigure;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.PriorityOrdered;

import dev.usdt.ProbeSemaphores;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.sample.OrderService;
import dev.usdt.autoconfigure.sample.SampleConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the {@code @UsdtProbe} advice meets proxies other post-processors made before it. (Proxies
 * it makes itself, and unfrozen proxies of others, are covered by UsdtAutoConfigurationTests.)
 */
@ExtendWith(OutputCaptureExtension.class)
class UsdtProbeAdvisingPostProcessorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class,
				UsdtProviderInterfacesAutoConfiguration.class))
		.withPropertyValues("usdt.backend=noop");

	@Test
	void beanInAFrozenProxyOfAnotherPostProcessorGetsAProxyOfItsOwnAroundIt(CapturedOutput output) {
		this.runner.withUserConfiguration(SampleConfiguration.class, FrozenProxyConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OrderService service = context.getBean(OrderService.class);
				Advised outer = (Advised) service;
				assertThat(outer.isFrozen()).isTrue();
				assertThat(outer.getAdvisors()).singleElement().isInstanceOf(UsdtProbeAdvisor.class);
				Advised inner = (Advised) outer.getTargetSource().getTarget();
				assertThat(inner.isFrozen()).isTrue();
				assertThat(inner.getAdvisors()).noneMatch(UsdtProbeAdvisor.class::isInstance);
				// enabled, the advice finds the probes registered for the user class behind both proxies
				context.getBean(UsdtRuntime.class)
					.providers()
					.forEach((provider) -> provider.probes()
						.forEach((probe) -> ProbeSemaphores.overrideForTesting(probe, true)));
				assertThat(service.place("A-1", 1)).isEqualTo("placed A-1");
				assertThat(output).doesNotContain("were not registered");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class FrozenProxyConfiguration {

		/** Declared with its own type, so the context sees it is PriorityOrdered before creating it. */
		@Bean
		static FrozenProxies frozenOrderServiceProxies() {
			return new FrozenProxies();
		}

	}

	/** Another library's post-processor, ahead of ours, that freezes the proxies it makes. */
	static class FrozenProxies implements BeanPostProcessor, PriorityOrdered {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof OrderService)) {
				return bean;
			}
			ProxyFactory factory = new ProxyFactory(bean);
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) MethodInvocation::proceed);
			factory.setFrozen(true);
			return factory.getProxy();
		}

		@Override
		public int getOrder() {
			return HIGHEST_PRECEDENCE;
		}

	}

}
