package dev.usdt.autoconfigure;

/**
 * A subclass usdt-core's annotation processor generated for a class with {@code @UsdtProbe}
 * methods ({@code GreetingService$$Usdt}): the starter instantiates it for the bean instead of
 * proxying the class, and binds its overrides to the probes the context registers
 * (docs/probed-subclasses.md). Not meant to be implemented by hand.
 */
public interface ProbedSubclass {

	/**
	 * Hands the overrides their probes; called once by the starter, before the bean is used.
	 * @param calls where each override's probes are found
	 */
	void usdt$bind(ProbedCalls calls);

}
