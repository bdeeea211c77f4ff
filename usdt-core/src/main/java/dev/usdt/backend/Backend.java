package dev.usdt.backend;

import dev.usdt.parser.ProviderDefinition;

/**
 * A way of making probes visible to the platform's tracer. Exactly one backend is chosen per
 * runtime, by {@code dev.usdt.BackendSelector}; every backend gives the same {@link LoadedProvider} shape so
 * the hot path ({@code Probe.isEnabled}, {@code fire}) never knows which one it runs on.
 */
public interface Backend {

	/** Short name shown to users: {@code stapsdt}, {@code dtrace} or {@code noop}. */
	String name();

	/**
	 * Registers one provider with the tracer. Only fireable probes (at most six arguments) get a
	 * stub and a semaphore.
	 * @throws BackendException if the provider cannot be registered; the message says why and how
	 * to fix it
	 */
	LoadedProvider load(ProviderDefinition provider) throws BackendException;

}
