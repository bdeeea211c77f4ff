package dev.usdt.backend.dtrace;

import java.util.List;

/**
 * One provider as the builder writes it: the six sections of docs/dof.md §4 are generated from this.
 *
 * @param name the provider name ({@code dofpv_name}); DTrace appends the pid
 * @param attributes the five {@code dof_attr_t} values
 * @param probes the probes in the order of their stubs
 */
public record DofProvider(String name, DofAttributes attributes, List<DofProbe> probes) {

	public DofProvider {
		probes = List.copyOf(probes);
	}

}
