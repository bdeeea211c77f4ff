package dev.usdt.autoconfigure.inherited;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Five beans inheriting the same methods, each with its own class-level provider: two plain
 * ones, one the application wrapped in a frozen class proxy itself, one in a JDK proxy of an
 * interface (as interface-based @Transactional makes), one proxied for {@code @Async}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync(proxyTargetClass = true)
public class InheritedConfiguration {

	@Bean
	public AlphaHandler alpha() {
		return new AlphaHandler();
	}

	@Bean
	public BetaHandler beta() {
		return new BetaHandler();
	}

	@Bean
	public GammaHandler gamma() {
		ProxyFactory factory = new ProxyFactory(new GammaHandler());
		factory.setProxyTargetClass(true);
		factory.addAdvice((MethodInterceptor) MethodInvocation::proceed);
		factory.setFrozen(true);
		return (GammaHandler) factory.getProxy();
	}

	@Bean
	public Greeter epsilon() {
		ProxyFactory factory = new ProxyFactory(new EpsilonHandler());
		factory.setInterfaces(Greeter.class);
		factory.addAdvice((MethodInterceptor) MethodInvocation::proceed);
		return (Greeter) factory.getProxy();
	}

	@Bean
	public DeltaHandler delta() {
		return new DeltaHandler();
	}

}
