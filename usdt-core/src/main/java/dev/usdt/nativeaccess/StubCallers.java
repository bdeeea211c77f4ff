package dev.usdt.nativeaccess;

import java.nio.file.Path;

import com.sun.jna.NativeLibrary;

/**
 * How this JVM calls probe stubs, chosen once when the generated trampoline library is loaded:
 * through JNI ({@link JniStubCaller}) when this class loader can own the library, else through
 * JNA direct mapping ({@link StubTrampoline}). Hands out {@link ProbeFunction}s for stub symbols;
 * the addresses never leave this package.
 */
public final class StubCallers {

	private final boolean jni;

	private StubCallers(boolean jni) {
		this.jni = jni;
	}

	/**
	 * Opens the trampoline library and binds the fastest caller it offers.
	 * @param noopSymbol a function in the library that does nothing, called once to link JNI
	 * @param allowJni {@code false} to stay on JNA direct mapping
	 * @throws UnsatisfiedLinkError with the loader's message if the library cannot be loaded
	 */
	public static StubCallers load(Path trampolineLibrary, String noopSymbol, boolean allowJni) {
		NativeLibrary library = SharedObjects.open(trampolineLibrary);
		if (allowJni && JniStubCaller.bind(trampolineLibrary, SharedObjects.address(library, noopSymbol))) {
			return new StubCallers(true);
		}
		StubTrampoline.bind(library);
		return new StubCallers(false);
	}

	/** Whether stubs are called through JNI (else JNA direct mapping). */
	public boolean jni() {
		return this.jni;
	}

	/** The stub exported by {@code library} under {@code symbol}, ready to call. */
	public ProbeFunction function(NativeLibrary library, String symbol) {
		long address = SharedObjects.address(library, symbol);
		return this.jni ? new JniStubCaller(address) : new StubTrampoline(address);
	}

}
