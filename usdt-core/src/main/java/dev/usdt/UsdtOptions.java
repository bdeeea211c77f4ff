package dev.usdt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import dev.usdt.backend.BackendKind;

/**
 * How a {@link UsdtRuntime} registers probes.
 *
 * @param backend which backend to use; {@code AUTO} picks the platform's
 * @param libraryDirectory where generated shared objects go, or {@code null} for the default
 * candidates ({@code jna.tmpdir}, {@code java.io.tmpdir}, {@code $XDG_RUNTIME_DIR}, each with a
 * private {@code usdt-<uid>} sub-directory)
 * @param strict whether a backend that cannot work is an error ({@link UsdtException}) instead of a
 * WARN and no-op probes
 * @param maxStringBytes the most UTF-8 bytes passed per string argument (longer strings are
 * truncated on a character boundary)
 * @param fastGuard whether fire methods first consult a JIT-folded guard that is off while no
 * probe of the process is enabled (a disabled fire then costs nothing); a tracer's first events
 * may arrive up to {@code watchInterval} after it attached. Without it every fire reads the
 * probe's semaphore, and no event is ever missed
 * @param watchInterval how often the semaphore watcher that drives the fast guard looks at the
 * semaphores
 */
public record UsdtOptions(BackendKind backend, Path libraryDirectory, boolean strict, int maxStringBytes,
		boolean fastGuard, Duration watchInterval) {

	/** System property that chooses the backend: {@code auto}, {@code stapsdt}, {@code dtrace}, {@code noop}. */
	public static final String BACKEND_PROPERTY = "usdt.backend";

	/** System property for {@link #libraryDirectory()}. */
	public static final String LIBRARY_DIR_PROPERTY = "usdt.library-dir";

	/** System property for {@link #strict()}. */
	public static final String STRICT_PROPERTY = "usdt.strict";

	/** System property for {@link #maxStringBytes()}. */
	public static final String MAX_STRING_BYTES_PROPERTY = "usdt.max-string-bytes";

	/** System property for {@link #fastGuard()}. */
	public static final String FAST_GUARD_PROPERTY = "usdt.fast-guard";

	/** System property for {@link #watchInterval()}, in milliseconds. */
	public static final String WATCH_INTERVAL_PROPERTY = "usdt.watch-interval-ms";

	public static final int DEFAULT_MAX_STRING_BYTES = 256;

	public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofMillis(20);

	/** The range {@link #maxStringBytes()} must be in, as a sentence's end. */
	public static final String MAX_STRING_BYTES_RANGE = "between 1 and 1048576";

	/** The range {@link #watchInterval()} must be in, as a sentence's end. */
	public static final String WATCH_INTERVAL_RANGE = "between 1 ms and 60 s";

	public UsdtOptions {
		Objects.requireNonNull(backend, "backend");
		if (!isValidMaxStringBytes(maxStringBytes)) {
			throw new IllegalArgumentException(
					"maxStringBytes must be " + MAX_STRING_BYTES_RANGE + ", was " + maxStringBytes);
		}
		Objects.requireNonNull(watchInterval, "watchInterval");
		if (!isValidWatchInterval(watchInterval)) {
			throw new IllegalArgumentException(
					"watchInterval must be " + WATCH_INTERVAL_RANGE + ", was " + watchInterval);
		}
	}

	/** Options with the fast guard on and the default watch interval. */
	public UsdtOptions(BackendKind backend, Path libraryDirectory, boolean strict, int maxStringBytes) {
		this(backend, libraryDirectory, strict, maxStringBytes, true, DEFAULT_WATCH_INTERVAL);
	}

	/** The defaults, overridden by the {@code usdt.*} system properties where set. */
	/** Whether {@code maxStringBytes} is {@value #MAX_STRING_BYTES_RANGE}. */
	public static boolean isValidMaxStringBytes(int maxStringBytes) {
		return maxStringBytes >= 1 && maxStringBytes <= 1 << 20;
	}

	/** Whether {@code watchInterval} is {@value #WATCH_INTERVAL_RANGE}. */
	public static boolean isValidWatchInterval(Duration watchInterval) {
		return watchInterval.toMillis() >= 1 && watchInterval.toSeconds() <= 60;
	}

	public static UsdtOptions defaults() {
		String backend = System.getProperty(BACKEND_PROPERTY);
		String directory = System.getProperty(LIBRARY_DIR_PROPERTY);
		String maxBytes = System.getProperty(MAX_STRING_BYTES_PROPERTY);
		String watchMillis = System.getProperty(WATCH_INTERVAL_PROPERTY);
		return new UsdtOptions((backend != null) ? BackendKind.parse(backend) : BackendKind.AUTO,
				(directory != null && !directory.isBlank()) ? Path.of(directory) : null,
				Boolean.getBoolean(STRICT_PROPERTY),
				(maxBytes != null) ? Integer.parseInt(maxBytes.trim()) : DEFAULT_MAX_STRING_BYTES,
				!"false".equalsIgnoreCase(System.getProperty(FAST_GUARD_PROPERTY, "true").trim()),
				(watchMillis != null) ? Duration.ofMillis(Long.parseLong(watchMillis.trim())) : DEFAULT_WATCH_INTERVAL);
	}

	public UsdtOptions withBackend(BackendKind backend) {
		return new UsdtOptions(backend, this.libraryDirectory, this.strict, this.maxStringBytes, this.fastGuard,
				this.watchInterval);
	}

	public UsdtOptions withLibraryDirectory(Path libraryDirectory) {
		return new UsdtOptions(this.backend, libraryDirectory, this.strict, this.maxStringBytes, this.fastGuard,
				this.watchInterval);
	}

	public UsdtOptions withStrict(boolean strict) {
		return new UsdtOptions(this.backend, this.libraryDirectory, strict, this.maxStringBytes, this.fastGuard,
				this.watchInterval);
	}

	public UsdtOptions withMaxStringBytes(int maxStringBytes) {
		return new UsdtOptions(this.backend, this.libraryDirectory, this.strict, maxStringBytes, this.fastGuard,
				this.watchInterval);
	}

	public UsdtOptions withFastGuard(boolean fastGuard) {
		return new UsdtOptions(this.backend, this.libraryDirectory, this.strict, this.maxStringBytes, fastGuard,
				this.watchInterval);
	}

	public UsdtOptions withWatchInterval(Duration watchInterval) {
		return new UsdtOptions(this.backend, this.libraryDirectory, this.strict, this.maxStringBytes, this.fastGuard,
				watchInterval);
	}

}
