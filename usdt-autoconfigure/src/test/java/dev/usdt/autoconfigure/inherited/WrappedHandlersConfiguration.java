package dev.usdt.autoconfigure.inherited;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two handler beans the application wrapped in proxies itself: one in a frozen class proxy, one in
 * a JDK proxy of an interface (as interface-based @Transactional makes).
 */
@Configuration(proxyBeanMethods = false)
public class WrappedHandlersConfiguration {

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

}
