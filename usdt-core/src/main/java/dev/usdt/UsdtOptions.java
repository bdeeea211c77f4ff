package dev.usdt;

import java.nio.file.Path;
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
 */
public record UsdtOptions(BackendKind backend, Path libraryDirectory, boolean strict, int maxStringBytes) {

	/** System property that chooses the backend: {@code auto}, {@code stapsdt}, {@code dtrace}, {@code noop}. */
	public static final String BACKEND_PROPERTY = "usdt.backend";

	/** System property for {@link #libraryDirectory()}. */
	public static final String LIBRARY_DIR_PROPERTY = "usdt.library-dir";

	/** System property for {@link #strict()}. */
	public static final String STRICT_PROPERTY = "usdt.strict";

	/** System property for {@link #maxStringBytes()}. */
	public static final String MAX_STRING_BYTES_PROPERTY = "usdt.max-string-bytes";

	public static final int DEFAULT_MAX_STRING_BYTES = 256;

	public UsdtOptions {
		Objects.requireNonNull(backend, "backend");
		if (maxStringBytes < 1 || maxStringBytes > 1 << 20) {
			throw new IllegalArgumentException("maxStringBytes must be between 1 and 1048576, was " + maxStringBytes);
		}
	}

	/** The defaults, overridden by the {@code usdt.*} system properties where set. */
	public static UsdtOptions defaults() {
		String backend = System.getProperty(BACKEND_PROPERTY);
		String directory = System.getProperty(LIBRARY_DIR_PROPERTY);
		String maxBytes = System.getProperty(MAX_STRING_BYTES_PROPERTY);
		return new UsdtOptions((backend != null) ? BackendKind.parse(backend) : BackendKind.AUTO,
				(directory != null && !directory.isBlank()) ? Path.of(directory) : null,
				Boolean.getBoolean(STRICT_PROPERTY),
				(maxBytes != null) ? Integer.parseInt(maxBytes.trim()) : DEFAULT_MAX_STRING_BYTES);
	}

	public UsdtOptions withBackend(BackendKind backend) {
		return new UsdtOptions(backend, this.libraryDirectory, this.strict, this.maxStringBytes);
	}

	public UsdtOptions withLibraryDirectory(Path libraryDirectory) {
		return new UsdtOptions(this.backend, libraryDirectory, this.strict, this.maxStringBytes);
	}

	public UsdtOptions withStrict(boolean strict) {
		return new UsdtOptions(this.backend, this.libraryDirectory, strict, this.maxStringBytes);
	}

	public UsdtOptions withMaxStringBytes(int maxStringBytes) {
		return new UsdtOptions(this.backend, this.libraryDirectory, this.strict, maxStringBytes);
	}

}
