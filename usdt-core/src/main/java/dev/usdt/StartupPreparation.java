package dev.usdt;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.usdt.backend.BackendKind;
import dev.usdt.backend.stapsdt.ElfArchitecture;
import dev.usdt.backend.stapsdt.StapsdtLibraryWriter;
import dev.usdt.parser.ProviderParser;

/**
 * Loads and initialises, on a daemon thread, what the first {@link UsdtRuntime#create} and the
 * first parse of a {@code .d} file spend much of their time on when a JVM is cold: the parser's
 * tables, the ELF writer and the method handles of the fast guard and the probes. Nothing it does
 * is observable: a caller that gets there first simply does the work itself (class
 * initialisation is done once, whoever starts it). JNA is left alone: if its native library
 * cannot load, the runtime must be the first to meet that, so its message names the cause
 * instead of a later "could not initialize class".
 */
final class StartupPreparation {

	/** Declarations of the shapes real files have, so the parser's prediction cache covers them. */
	static final String SAMPLE = """
			/* warm-up */
			provider usdt_warm_up {
				probe request__start(char *path, uint64_t id, int32_t code);
				probe request__done(int64_t elapsed, char *error);
			};
			""";

	private static final AtomicBoolean STARTED = new AtomicBoolean();

	private StartupPreparation() {
	}

	/** Starts the preparation the first time it is called; does nothing afterwards. */
	static void startInBackground() {
		if (STARTED.compareAndSet(false, true)) {
			Thread thread = new Thread(StartupPreparation::prepare, "usdt-startup-preparation");
			thread.setDaemon(true);
			thread.start();
		}
	}

	private static void prepare() {
		try {
			ProviderParser.parse("usdt-warm-up.d", SAMPLE);
			ProbeGuard.isOn();
			Class.forName(Probe.class.getName(), true, StartupPreparation.class.getClassLoader());
			if (BackendSelector.platformDefault() == BackendKind.STAPSDT) {
				ElfArchitecture.current()
					.ifPresent((architecture) -> new StapsdtLibraryWriter(architecture).writeTrampolineLibrary());
			}
		}
		catch (RuntimeException | ReflectiveOperationException | LinkageError ex) {
			// The runtime meets the same problem when it gets there and reports it then
		}
	}

}
