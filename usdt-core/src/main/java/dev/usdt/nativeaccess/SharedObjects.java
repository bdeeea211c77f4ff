package dev.usdt.nativeaccess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;

import dev.usdt.nativeaccess.MappedRegions.FileIdentity;

/**
 * Opens generated shared objects and keeps them open until the process exits: a stub or semaphore
 * some thread still uses must never be unmapped under it, so nothing here is ever closed.
 *
 * <p>
 * Once the trampoline's JNI calls are bound ({@link JniCalls}), a library is loaded the way the
 * JVM loads JNI libraries ({@code System.load}, which this class loader holds for as long as it
 * lives) and its symbols are found from where it was mapped plus their values, which the writer
 * knows: no JNA at all. Where they are not bound, or another class loader already holds the file
 * as its JNI library, JNA {@code dlopen}s it and keeps the handle (JNA would otherwise
 * {@code dlclose} a library nobody references).
 */
public final class SharedObjects {

	/** {@code RTLD_NOW | RTLD_LOCAL}: resolve now, keep the symbols out of the global namespace. */
	private static final int RTLD_NOW_LOCAL = 2;

	private static final Map<Path, SharedObject> OPEN = new ConcurrentHashMap<>();

	private SharedObjects() {
	}

	/**
	 * Loads the file (once per path).
	 * @param symbols the value of each exported symbol the caller will ask for, as written in the file
	 * @throws UnsatisfiedLinkError with the loader's message if it cannot be loaded
	 */
	public static SharedObject open(Path file, Map<String, Long> symbols) {
		Path path = file.toAbsolutePath();
		SharedObject open = OPEN.get(path);
		if (open != null) {
			return open;
		}
		SharedObject loaded = JniCalls.isBound() ? loadAsJniLibrary(path, symbols) : null;
		return remember(path, (loaded != null) ? loaded : openWithJna(path, symbols));
	}

	/**
	 * Loads the file as this class loader's JNI library.
	 * @return {@code null} if another class loader holds it already
	 * @throws UnsatisfiedLinkError with the loader's message if it cannot be loaded
	 */
	static SharedObject loadAsJniLibrary(Path file, Map<String, Long> symbols) {
		try {
			System.load(file.toString());
		}
		catch (UnsatisfiedLinkError ex) {
			if (String.valueOf(ex.getMessage()).contains("another classloader")) {
				return null;
			}
			throw ex;
		}
		return located(file, symbols, null);
	}

	/** Remembers a library {@link #loadAsJniLibrary} loaded, so that {@link #open} returns it. */
	static SharedObject remember(Path file, SharedObject library) {
		SharedObject known = OPEN.putIfAbsent(file.toAbsolutePath(), library);
		return (known != null) ? known : library;
	}

	private static SharedObject openWithJna(Path file, Map<String, Long> symbols) {
		NativeLibrary library = NativeLibrary.getInstance(file.toString(),
				Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW_LOCAL));
		return located(file, symbols, library);
	}

	/** The loaded file's place in this process's memory, which every address handed out must lie in. */
	private static SharedObject located(Path file, Map<String, Long> symbols, NativeLibrary jna) {
		try {
			FileIdentity loaded = FileIdentity.of(file).orElse(null);
			if (loaded == null) {
				throw new IOException("it is gone");
			}
			MappedRegions regions = MappedRegions.of(loaded);
			return new SharedObject(regions.loadAddress(), regions.end(), Map.copyOf(symbols), loaded, jna);
		}
		catch (IOException ex) {
			throw (UnsatisfiedLinkError) new UnsatisfiedLinkError("cannot find where " + file + " was loaded: "
					+ ex.getMessage()).initCause(ex);
		}
	}

}
