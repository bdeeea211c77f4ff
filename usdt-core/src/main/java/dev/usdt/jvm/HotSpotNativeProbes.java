package dev.usdt.jvm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether the running libjvm has USDT probes of its own (a JDK built with
 * {@code --enable-dtrace}: its {@code .note.stapsdt} section holds the {@code hotspot} and
 * {@code hs_private} providers). The library is found the way a tracer finds it, in
 * {@code /proc/self/maps}.
 */
final class HotSpotNativeProbes {

	static final String STAPSDT_NOTE_SECTION = ".note.stapsdt";

	private static final System.Logger logger = System.getLogger(HotSpotNativeProbes.class.getName());

	private static final Path MAPS = Path.of("/proc/self/maps");

	private static final String LIBJVM = "/libjvm.so";

	private HotSpotNativeProbes() {
	}

	/**
	 * Whether the running libjvm has a {@code .note.stapsdt} section. A libjvm that cannot be read
	 * counts as having one: offering {@code hotspot} names that may clash is worse than not.
	 * Without a libjvm mapped (another VM, no /proc) there is nothing to clash with.
	 */
	static boolean inRunningJvm() {
		Optional<Path> libjvm = libjvm();
		if (libjvm.isEmpty()) {
			return false;
		}
		try {
			return presentIn(libjvm.get());
		}
		catch (IOException ex) {
			logger.log(Level.DEBUG, "Cannot read the section names of " + libjvm.get() + "; assuming it has USDT probes",
					ex);
			return true;
		}
	}

	static boolean presentIn(Path library) throws IOException {
		return ElfSectionNames.of(library).contains(STAPSDT_NOTE_SECTION);
	}

	/** The path of the libjvm mapped into this process, if any. */
	static Optional<Path> libjvm() {
		try {
			List<String> lines = Files.readAllLines(MAPS);
			for (String line : lines) {
				int path = line.indexOf('/');
				if (path >= 0 && line.endsWith(LIBJVM)) {
					return Optional.of(Path.of(line.substring(path)));
				}
			}
		}
		catch (IOException ex) {
			logger.log(Level.DEBUG, "Cannot read " + MAPS, ex);
		}
		return Optional.empty();
	}

}
