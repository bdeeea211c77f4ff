package dev.usdt.backend.dtrace;

import java.util.List;

/**
 * One probe as the builder writes it into {@code dof_probe_t} (docs/dof.md §4.2): the names DTrace shows, the
 * native argument types, the absolute base address ({@code dofpr_addr}) and the site offsets
 * already converted to the target's convention (relative to {@code dofpr_addr}, or to
 * {@code dofhp_addr} on macOS, docs/dof.md §7).
 *
 * @param function the function name ({@code dofpr_func})
 * @param name the probe name as DTrace shows it ({@code __} already turned into {@code -})
 * @param argumentTypes native C type per argument; translated types are the same (docs/dof.md §4.1)
 * @param address {@code dofpr_addr}
 * @param offsets PROFFS entries of the probe sites
 * @param enabledOffsets PRENOFFS entries of the is-enabled sites
 */
public record DofProbe(String function, String name, List<String> argumentTypes, long address, List<Integer> offsets,
		List<Integer> enabledOffsets) {

	public DofProbe {
		argumentTypes = List.copyOf(argumentTypes);
		offsets = List.copyOf(offsets);
		enabledOffsets = List.copyOf(enabledOffsets);
	}

}
