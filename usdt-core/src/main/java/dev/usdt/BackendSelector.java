package dev.usdt;

import java.nio.file.Path;
import java.util.Locale;

import dev.usdt.backend.Backend;
import dev.usdt.backend.BackendException;
import dev.usdt.backend.BackendKind;
import dev.usdt.backend.NoopBackend;
import dev.usdt.backend.stapsdt.StapsdtBackend;

/**
 * The one place a backend is chosen. {@code auto} means stapsdt on Linux x86_64 and aarch64,
 * DTrace on the systems that have it, and no-op elsewhere.
 */
final class BackendSelector {

	private BackendSelector() {
	}

	/** The backend {@code auto} resolves to on this platform. */
	static BackendKind platformDefault() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		if (os.contains("linux")) {
			return (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")) ? BackendKind.STAPSDT
					: BackendKind.NOOP;
		}
		if (os.contains("mac") || os.contains("freebsd") || os.contains("sunos")) {
			return BackendKind.DTRACE;
		}
		return BackendKind.NOOP;
	}

	/** Set by GraalVM while it builds a native image and in the image at run time. */
	static final String NATIVE_IMAGE_PROPERTY = "org.graalvm.nativeimage.imagecode";

	/**
	 * Creates the backend of the given kind.
	 * @throws BackendException if it cannot work here; the message says why and how to fix it
	 */
	static Backend create(BackendKind kind, Path libraryDirectory) throws BackendException {
		BackendKind resolved = (kind == BackendKind.AUTO) ? platformDefault() : kind;
		if (resolved != BackendKind.NOOP && System.getProperty(NATIVE_IMAGE_PROPERTY) != null) {
			// the backends load generated code through JNA and recompile the fast guard: neither is
			// available in a native image yet, so refuse before touching native code
			throw new BackendException("USDT probes cannot be traced in a GraalVM native image yet; run the "
					+ "application on a JVM (Spring AOT on the JVM works) to trace it");
		}
		return switch (resolved) {
			case STAPSDT -> StapsdtBackend.create(libraryDirectory);
			case DTRACE -> DtraceBackends.create();
			case NOOP -> {
				if (kind == BackendKind.AUTO) {
					throw new BackendException("no USDT tracing support on " + System.getProperty("os.name") + "/"
							+ System.getProperty("os.arch"));
				}
				yield new NoopBackend();
			}
			case AUTO -> throw new IllegalStateException("AUTO was resolved above");
		};
	}

}
