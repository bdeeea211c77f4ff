package dev.usdt.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/**
 * Proxies beans with {@code @UsdtProbe} methods, the way {@code @Async} and {@code @Validated} are
 * applied: independent of Boot's auto-proxy creator and of AspectJ. A bean that another
 * post-processor already proxied gets the probe advice added to that proxy, last in its chain, so
 * that the probes fire around the method itself as in a generated subclass, inside caching,
 * {@code @Async} and transactions (unless that proxy is frozen: then it gets a proxy of its own
 * around it); a bean nobody else
 * proxies gets a proxy of its own whose advice chain is frozen, which spares every call Spring's
 * per-call chain lookup (about 8 ns of the proxy's cost).
 *
 * <p>
 * A bean whose class is a {@link ProbedSubclass} (which {@link ProbedSubclassDefinitions}
 * instantiates instead of the class) fires its probes itself: it is bound to them and not
 * proxied.
 */
final class UsdtProbeAdvisingPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
		implements DisposableBean {

	private final UsdtProbeAdvisor probeAdvisor;

	private final RegisteredProbeLookup lookup;

	/** The context's registration, met as a bean: it checks the beans created after it registered. */
	private volatile @Nullable UsdtProbeRegistration lateBeans;

	UsdtProbeAdvisingPostProcessor(ObjectProvider<UsdtProbeRegistration> registration) {
		this.lookup = new RegisteredProbeLookup(registration);
		this.probeAdvisor = new UsdtProbeAdvisor(this.lookup);
		this.advisor = this.probeAdvisor;
		// Innermost, like a generated subclass's override: the same probes however the bean was made
		setBeforeExistingAdvisors(false);
		// Class proxies, as Boot configures by default, so beans stay injectable by class
		setProxyTargetClass(true);
		// Not setFrozen(true): every proxy factory starts as a copy of this configuration and only
		// then receives the advisor, which a frozen copy refuses (Framework 6.2 when proxying,
		// every version when Spring AOT asks for the proxy class through determineBeanType)
	}

	/** Freezes each proxy once its advisor is in (Framework 6.2, and the AOT proxy class). */
	@Override
	protected void customizeProxyFactory(ProxyFactory proxyFactory) {
		proxyFactory.setFrozen(true);
	}

	/**
	 * Framework 7 sets each new proxy's frozen flag from this, after
	 * {@link #customizeProxyFactory}; the copies read the field, which stays unset.
	 */
	@Override
	public boolean isFrozen() {
		return true;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof UsdtProbeRegistration created) {
			this.lateBeans = created;
		}
		if (bean instanceof ProbedSubclass probed) {
			// another post-processor may have proxied it already (a JDK proxy implements the interface too)
			probed.usdt$bind(new ProbedCalls(this.lookup, ProbedSubclassDefinitions.probedClass(AopUtils.getTargetClass(bean))));
			return bean;
		}
		UsdtProbeRegistration registration = this.lateBeans;
		if (registration != null
				&& !registration.checkCreatedLate(ClassUtils.getUserClass(AopProxyUtils.ultimateTargetClass(bean)))) {
			// Created after the registration, without probes of its own registered: a proxy could
			// fire nothing, and a prototype would pay for one per instance
			return bean;
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	@Override
	public void destroy() {
		this.probeAdvisor.destroy();
	}

}
