package dev.usdt.nativeaccess;

import java.nio.file.Path;
import java.util.Map;

/**
 * How this JVM calls probe stubs, chosen once when the generated trampoline library is loaded:
 * through JNI ({@link JniStubCaller}) when this class loader can own the library, else through
 * JNA direct mapping ({@link StubTrampoline}). Loading it as a JNI library also binds the
 * trampoline's system calls ({@link JniCalls}), after which nothing at start-up needs JNA. Hands
 * out {@link ProbeFunction}s for stub symbols; the addresses never leave this package.
 */
public final class StubCallers {

	private final boolean jni;

	private StubCallers(boolean jni) {
		this.jni = jni;
	}

	/**
	 * Opens the trampoline library and binds the fastest caller it offers.
	 * @param symbols the value of each symbol the library exports
	 * @param noopSymbol a function in the library that does nothing, called once to link JNI
	 * @param allowJni {@code false} to stay on JNA direct mapping
	 * @throws UnsatisfiedLinkError with the loader's message if the library cannot be loaded
	 */
	public static StubCallers load(Path trampolineLibrary, Map<String, Long> symbols, String noopSymbol,
			boolean allowJni) {
		if (allowJni) {
			SharedObject library = SharedObjects.loadAsJniLibrary(trampolineLibrary.toAbsolutePath(), symbols);
			if (library != null && JniStubCaller.bind(library.address(noopSymbol))) {
				JniCalls.link();
				SharedObjects.remember(trampolineLibrary, library);
				return new StubCallers(true);
			}
		}
		SharedObject library = SharedObjects.open(trampolineLibrary, symbols);
		if (library.jna() == null) {
			// an earlier runtime of this class loader loaded it as the JNI library: JNI is bound
			return new StubCallers(true);
		}
		StubTrampoline.bind(library.jna());
		return new StubCallers(false);
	}

	/** Whether stubs are called through JNI (else JNA direct mapping). */
	public boolean jni() {
		return this.jni;
	}

	/** The stub exported by {@code library} under {@code symbol}, ready to call. */
	public ProbeFunction function(SharedObject library, String symbol) {
		long address = library.address(symbol);
		return this.jni ? new JniStubCaller(address) : new StubTrampoline(address);
	}

}
