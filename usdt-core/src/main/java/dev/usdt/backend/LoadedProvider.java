package dev.usdt.backend;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

import dev.usdt.nativeaccess.ProbeFunction;
import dev.usdt.parser.ProviderDefinition;

/**
 * A provider registered with a backend: where each probe's stub and semaphore are.
 *
 * <p>
 * Semaphores are unsigned 16-bit counters in native byte order, non-zero while a tracer has the
 * probe enabled. {@link #semaphores()} is a direct buffer over all of them; a probe's counter is
 * at {@link #semaphoreOffset(String)}. The buffer and the stubs stay valid until the process exits
 * even after {@link #release()}: no backend unmaps memory a thread might still touch.
 */
public interface LoadedProvider {

	ProviderDefinition definition();

	/** The file the tracer finds the probes in, if there is one (the stapsdt shared object). */
	Optional<Path> library();

	/**
	 * Whether {@link #library()} is on disk as the very file this process maps, so tracers
	 * attaching by its path or by pid find the probes; {@code true} when there is no library file.
	 * A backend that writes one puts it back soon after it disappears (see
	 * {@code docs/file-lifecycle.md §4}).
	 */
	default boolean isLibraryOnDisk() {
		return true;
	}

	/** A direct buffer over the provider's u16 semaphores. */
	ByteBuffer semaphores();

	/** Byte offset of the probe's semaphore in {@link #semaphores()}. */
	int semaphoreOffset(String probeName);

	/** Address of the probe's stub, for diagnostics; {@link #function} is how it is called. */
	long stubAddress(String probeName);

	/** The probe's stub: calling it with the probe's arguments fires the probe. */
	ProbeFunction function(String probeName);

	/**
	 * Unregisters the provider: its probes are never fired again through this handle. Must be
	 * idempotent.
	 */
	void release();

}
