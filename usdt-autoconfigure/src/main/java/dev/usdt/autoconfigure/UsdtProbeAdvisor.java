package dev.usdt.autoconfigure;

import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.Ordered;

/**
 * Advises {@code @UsdtProbe} methods with {@link UsdtProbeInterceptor}. Ordered first, so that
 * {@code elapsed_ns} covers everything the caller waits for (transactions, caching, retries).
 */
final class UsdtProbeAdvisor extends AbstractPointcutAdvisor implements DisposableBean {

	private final Pointcut pointcut = new UsdtProbePointcut();

	private final UsdtProbeInterceptor advice;

	private final RegisteredProbeLookup lookup;

	UsdtProbeAdvisor(RegisteredProbeLookup lookup) {
		this.lookup = lookup;
		this.advice = new UsdtProbeInterceptor(lookup);
		setOrder(Ordered.HIGHEST_PRECEDENCE);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

	@Override
	public void destroy() {
		this.lookup.close();
	}

}
