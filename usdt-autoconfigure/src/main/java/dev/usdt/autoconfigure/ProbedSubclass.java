package dev.usdt.autoconfigure;

import org.springframework.beans.factory.Aware;

/**
 * A subclass usdt-core's annotation processor generated for a class with {@code @UsdtProbe}
 * methods ({@code GreetingService$$Usdt}): the starter instantiates it for the bean instead of
 * proxying the class, and binds its overrides to the probes the context registers
 * (docs/probed-subclasses.md). Not meant to be implemented by hand.
 *
 * <p>
 * An {@link Aware} callback interface, as Spring's own {@code BeanNameAware} is: Spring's proxies
 * do not count such interfaces as the bean's, so another proxy of the bean ({@code @Async},
 * {@code @Transactional} with {@code spring.aop.proxy-target-class=false}) proxies the class, as
 * it would without the starter, instead of this interface alone.
 */
public interface ProbedSubclass extends Aware {

	/**
	 * Hands the overrides their probes; called once by the starter, before the bean is used.
	 * @param calls where each override's probes are found
	 */
	void usdt$bind(ProbedCalls calls);

}
