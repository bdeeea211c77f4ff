package dev.usdt.nativeaccess;

/**
 * Calls a probe stub with up to six integer arguments (strings are passed as addresses of
 * NUL-terminated native buffers). Unused arguments are passed as 0.
 */
@FunctionalInterface
public interface StubCaller {

	/** A caller that does nothing, for backends without native stubs. */
	StubCaller NONE = (function, a0, a1, a2, a3, a4, a5) -> {
	};

	void call(long function, long a0, long a1, long a2, long a3, long a4, long a5);

}
