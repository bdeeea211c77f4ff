package dev.usdt.backend.stapsdt;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where generated libraries may go, in order: the configured directory as is; else a private
 * {@code usdt-<uid>} directory under {@code jna.tmpdir} (JNA must map its own native part from
 * there, so it allows executables), {@code java.io.tmpdir} and {@code $XDG_RUNTIME_DIR}.
 */
final class LibraryDirectoryCandidates {

	private LibraryDirectoryCandidates() {
	}

	static List<Path> resolve(Path configured, int uid) {
		if (configured != null) {
			return List.of(configured);
		}
		Set<Path> candidates = new LinkedHashSet<>();
		addUnder(candidates, System.getProperty("jna.tmpdir"), uid);
		addUnder(candidates, System.getProperty("java.io.tmpdir"), uid);
		addUnder(candidates, System.getenv("XDG_RUNTIME_DIR"), uid);
		return List.copyOf(candidates);
	}

	private static void addUnder(Set<Path> candidates, String base, int uid) {
		if (base != null && !base.isBlank()) {
			candidates.add(Path.of(base).toAbsolutePath().normalize().resolve("usdt-" + uid));
		}
	}

}
