package dev.usdt.nativeaccess;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;


/**
 * Calls probe stubs through one JNA direct-mapped function, {@code usdt_call_stub(fn, a0..a5)},
 * exported by a small generated library: it shifts the arguments down one register and
 * tail-jumps to {@code fn}. Direct mapping of primitive arguments is several times cheaper than
 * {@code Function.invoke}, and one trampoline serves every stub of every provider.
 */
public final class StubTrampoline implements StubCaller {

	/** The one instance; usable once {@link #bind(NativeLibrary)} has succeeded. */
	public static final StubTrampoline INSTANCE = new StubTrampoline();

	private static boolean bound;

	private StubTrampoline() {
	}

	/** Binds {@code usdt_call_stub} from the library, the first time only. */
	public static synchronized void bind(NativeLibrary library) {
		if (!bound) {
			Native.register(StubTrampoline.class, library);
			bound = true;
		}
	}

	@Override
	public void call(long function, long a0, long a1, long a2, long a3, long a4, long a5) {
		usdt_call_stub(function, a0, a1, a2, a3, a4, a5);
	}

	// Name must match the exported symbol: direct mapping binds by method name.
	private static native void usdt_call_stub(long function, long a0, long a1, long a2, long a3, long a4, long a5);

}
