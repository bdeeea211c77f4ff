package dev.usdt.parser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typedefs that are defined through each other ({@code typedef a_t b_t; typedef b_t a_t;}): the
 * explanation {@link TypeResolver} gives when a typedef nests too deeply. Looked for only then, so
 * files without the mistake never pay for the search.
 */
final class TypedefCycle {

	private final Map<String, List<TypeResolver.TypeToken>> typedefs;

	private final int maxDepth;

	private final List<String> path = new ArrayList<>();

	/** Typedefs known to lead to no cycle, so that each is searched once. */
	private final Set<String> acyclic = new HashSet<>();

	private TypedefCycle(Map<String, List<TypeResolver.TypeToken>> typedefs, int maxDepth) {
		this.typedefs = typedefs;
		this.maxDepth = maxDepth;
	}

	/**
	 * A chain of typedef names that leads back to its start ({@code c_t -> b_t -> a_t -> c_t}),
	 * reached from {@code name} within {@code maxDepth} steps, or empty.
	 */
	static List<String> through(Map<String, List<TypeResolver.TypeToken>> typedefs, String name, int maxDepth) {
		return new TypedefCycle(typedefs, maxDepth).search(name);
	}

	private List<String> search(String name) {
		int start = this.path.indexOf(name);
		if (start >= 0) {
			List<String> cycle = new ArrayList<>(this.path.subList(start, this.path.size()));
			cycle.add(name);
			return cycle;
		}
		List<TypeResolver.TypeToken> body = this.typedefs.get(name);
		if (body == null || this.acyclic.contains(name) || this.path.size() > this.maxDepth) {
			return List.of();
		}
		this.path.add(name);
		for (TypeResolver.TypeToken token : body) {
			if (token.kind() == TypeResolver.TypeToken.Kind.WORD) {
				List<String> cycle = search(token.text());
				if (!cycle.isEmpty()) {
					return cycle;
				}
			}
		}
		this.path.remove(this.path.size() - 1);
		this.acyclic.add(name);
		return List.of();
	}

}
