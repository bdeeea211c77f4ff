package dev.usdt.nativeaccess;

/**
 * One probe's stub, bound to the way this JVM calls it: calling it with the probe's arguments as
 * six words (integers, or addresses of NUL-terminated strings in native buffers; 0 for unused
 * ones) fires the probe. The stub's address stays inside the implementation, which only this
 * package creates (from a library symbol or an offset into code a backend published): nothing
 * public takes an address to call.
 */
@FunctionalInterface
public interface ProbeFunction {

	/** A function that does nothing, for backends without native stubs. */
	ProbeFunction NONE = (a0, a1, a2, a3, a4, a5) -> {
	};

	void call(long a0, long a1, long a2, long a3, long a4, long a5);

}
