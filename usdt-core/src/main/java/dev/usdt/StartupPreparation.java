package dev.usdt;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.usdt.backend.BackendKind;
import dev.usdt.backend.stapsdt.ElfArchitecture;
import dev.usdt.backend.stapsdt.StapsdtLibraryWriter;
import dev.usdt.nativeaccess.LibC;
import dev.usdt.parser.ProviderParser;

/**
 * Loads and initialises, on a daemon thread, what the first {@link UsdtRuntime#create} and the
 * first parse of a {@code .d} file spend most of their time on when a JVM is cold: JNA's native
 * library, the parser's tables, the ELF writer and the fast guard's method handles. Nothing it
 * does is observable: a caller that gets there first simply does the work itself (class
 * initialisation is done once, whoever starts it), and a failure here is left for that caller to
 * meet and report.
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
			Boolean.valueOf(SemaphoreReader.AVAILABLE);
			if (BackendSelector.platformDefault() == BackendKind.STAPSDT) {
				LibC.getuid();
				ElfArchitecture.current()
					.ifPresent((architecture) -> new StapsdtLibraryWriter(architecture).writeTrampolineLibrary());
			}
		}
		catch (RuntimeException | LinkageError ex) {
			// The runtime meets the same problem when it gets there and reports it then
		}
	}

}
