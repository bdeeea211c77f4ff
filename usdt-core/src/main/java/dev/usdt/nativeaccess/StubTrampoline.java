package dev.usdt.nativeaccess;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Calls one probe stub through one JNA direct-mapped function, {@code usdt_call_stub(fn, a0..a5)},
 * exported by a small generated library: it shifts the arguments down one register and
 * tail-jumps to {@code fn}. Direct mapping of primitive arguments is several times cheaper than
 * {@code Function.invoke}, and one trampoline serves every stub of every provider. The JNI path
 * ({@link JniStubCaller}) is preferred; this one serves where JNI cannot bind. Package-private: the
 * address it calls is fixed when {@link StubCallers} creates it.
 */
final class StubTrampoline implements ProbeFunction {

	private static boolean bound;

	private final long function;

	StubTrampoline(long function) {
		this.function = function;
	}

	/** Binds {@code usdt_call_stub} from the library, the first time only. */
	static synchronized void bind(NativeLibrary library) {
		if (!bound) {
			Native.register(StubTrampoline.class, library);
			bound = true;
		}
	}

	@Override
	public void call(long a0, long a1, long a2, long a3, long a4, long a5) {
		usdt_call_stub(this.function, a0, a1, a2, a3, a4, a5);
	}

	// Name must match the exported symbol: direct mapping binds by method name.
	private static native void usdt_call_stub(long function, long a0, long a1, long a2, long a3, long a4, long a5);

}
