package dev.usdt.nativeaccess;

/**
 * Calls one probe stub through a JNI native method whose code is the generated trampoline
 * library's {@code Java_dev_usdt_nativeaccess_JniStubCaller_invoke}: about a tenth of the cost of
 * a JNA direct-mapped call, because the JVM's own native-call path does no argument conversion. A
 * JNI library can belong to one class loader only; when this class cannot bind (a second class
 * loader, a JVM that refuses {@code System.load}) {@link StubCallers} uses {@link StubTrampoline}.
 * Package-private: the address it calls is fixed when {@link StubCallers} creates it.
 */
final class JniStubCaller implements ProbeFunction {

	private static boolean bound;

	private final long function;

	JniStubCaller(long function) {
		this.function = function;
	}

	/**
	 * Links the native method, once the trampoline library is loaded as this class loader's JNI
	 * library, by calling the library's no-op function through it.
	 * @param noopFunction address of a function that does nothing
	 * @return whether JNI calls can be made
	 */
	static synchronized boolean bind(long noopFunction) {
		if (!bound) {
			try {
				invoke(noopFunction, 0, 0, 0, 0, 0, 0);
				bound = true;
			}
			catch (UnsatisfiedLinkError ex) {
				return false;
			}
		}
		return true;
	}

	@Override
	public void call(long a0, long a1, long a2, long a3, long a4, long a5) {
		invoke(this.function, a0, a1, a2, a3, a4, a5);
	}

	// Name and signature must match the exported JNI symbol.
	private static native void invoke(long function, long a0, long a1, long a2, long a3, long a4, long a5);

}
