package dev.usdt.nativeaccess;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Opens generated shared objects and keeps them open until the process exits. JNA disposes (and
 * {@code dlclose}s) libraries nobody references; a stub or semaphore some thread still uses would
 * then be unmapped under it, so every handle is held here for good.
 */
public final class SharedObjects {

	/** {@code RTLD_NOW | RTLD_LOCAL}: resolve now, keep the symbols out of the global namespace. */
	private static final int RTLD_NOW_LOCAL = 2;

	private static final Map<Path, NativeLibrary> OPEN = new ConcurrentHashMap<>();

	private SharedObjects() {
	}

	/**
	 * Loads JNA's own native library now, so that a failure names its cause (typically a temporary
	 * directory mounted noexec) instead of surfacing later as a class that could not initialise.
	 * @throws LinkageError if JNA cannot load
	 */
	public static void requireNativeAccess() {
		if (Native.POINTER_SIZE == 0) {
			throw new UnsatisfiedLinkError("JNA reports no pointer size");
		}
	}

	/**
	 * {@code dlopen}s the file (once per path).
	 * @throws UnsatisfiedLinkError with the loader's message if it cannot be loaded
	 */
	public static NativeLibrary open(Path file) {
		return OPEN.computeIfAbsent(file.toAbsolutePath(),
				(path) -> NativeLibrary.getInstance(path.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW_LOCAL)));
	}

	/** Address of an exported symbol ({@code dlsym} on the library's own handle). */
	public static long address(NativeLibrary library, String symbol) {
		return Pointer.nativeValue(library.getGlobalVariableAddress(symbol));
	}

	/** A direct buffer over {@code length} bytes of native memory at the symbol's address. */
	public static ByteBuffer buffer(NativeLibrary library, String symbol, int length) {
		return library.getGlobalVariableAddress(symbol).getByteBuffer(0, length);
	}

}
