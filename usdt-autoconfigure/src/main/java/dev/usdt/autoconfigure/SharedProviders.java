package dev.usdt.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

import dev.usdt.Provider;
import dev.usdt.UsdtRuntime;

/**
 * How many open contexts use each provider that a context's registration registered in a runtime.
 * In a context hierarchy the contexts share their parent's runtime, and a sibling may bind to a
 * provider another child registered: the provider is released when the last context using it
 * closes, not when the one that registered it does.
 */
final class SharedProviders {

	/** Per runtime, the registered providers and their users; a closed runtime's entry goes with it. */
	private static final Map<UsdtRuntime, Map<Provider, Integer>> USERS = new WeakHashMap<>();

	private SharedProviders() {
	}

	/** A context registered {@code provider}: its first user. */
	static synchronized void registered(UsdtRuntime runtime, Provider provider) {
		// A plain lookup: a lambda here would be spun at start-up (docs/architecture.md §5)
		Map<Provider, Integer> users = USERS.get(runtime);
		if (users == null) {
			users = new HashMap<>();
			USERS.put(runtime, users);
		}
		users.put(provider, 1);
	}

	/**
	 * A context bound to {@code provider}, registered before it: one user more, if a context
	 * registered it (not the application's own code, which keeps it).
	 */
	static synchronized void bound(UsdtRuntime runtime, Provider provider) {
		Map<Provider, Integer> users = USERS.get(runtime);
		if (users != null && users.containsKey(provider)) {
			users.put(provider, users.get(provider) + 1);
		}
	}

	/** A context that used {@code provider} closed: whether it was the last one. */
	static synchronized boolean release(UsdtRuntime runtime, Provider provider) {
		Map<Provider, Integer> users = USERS.get(runtime);
		Integer count = (users != null) ? users.get(provider) : null;
		if (count == null) {
			return false;
		}
		if (count > 1) {
			users.put(provider, count - 1);
			return false;
		}
		users.remove(provider);
		return true;
	}

}
