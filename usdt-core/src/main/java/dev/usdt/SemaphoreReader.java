package dev.usdt;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

import sun.misc.Unsafe;

import dev.usdt.nativeaccess.DirectBuffers;

/**
 * Reads a probe's u16 semaphore straight from its native address, the one memory access
 * {@code Probe.isEnabled()} is made of. A {@code VarHandle} over the direct buffer checks bounds,
 * alignment and the buffer's state on every read (about 1 ns); a raw read costs 0.4-0.5 ns, about
 * a volatile field read plus the load of the address. The raw read the running JDK offers without a warning, chosen once:
 * <ul>
 * <li>JDK 22+ with native access enabled: an opaque read through the Foreign Memory API, over
 * one segment that spans the address space, so the JIT folds most of its checks;</li>
 * <li>JDK 17 to 23: {@code sun.misc.Unsafe} (its memory methods warn from JDK 24 on);</li>
 * <li>otherwise none: {@link #AVAILABLE} is false and callers read through the buffer.</li>
 * </ul>
 * Addresses come from {@link #address}, which checks them against their buffer once; it asks the JDK
 * where the buffer is, not JNA, so that a JVM that only ever holds no-op probes loads no native
 * library. Package-private:
 * it reads whatever address it is given, so only {@link Probe} may call it.
 */
final class SemaphoreReader {

	/** JDK 17 to 21 (and 22, 23 without native access): reads directly, no method handle to link. */
	private static final Unsafe UNSAFE;

	/** JDK 22+ with native access: {@code (long address) -> short}, else {@code null}. */
	private static final MethodHandle READ;

	static {
		Unsafe unsafe = null;
		MethodHandle read = null;
		try {
			// Where no address can be had (JNA cannot load on a no-op platform) the buffer path serves
			address(ByteBuffer.allocateDirect(Short.BYTES), 0);
			int feature = Runtime.version().feature();
			if (feature >= 22 && nativeAccessEnabled()) {
				read = foreignMemoryRead();
			}
			else if (feature <= 23) {
				Field instance = Unsafe.class.getDeclaredField("theUnsafe");
				instance.setAccessible(true);
				unsafe = (Unsafe) instance.get(null);
			}
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			// No raw read here (no JNA, a trimmed runtime): callers read through the buffer
		}
		UNSAFE = unsafe;
		READ = read;
	}

	/** Whether {@link #read} may be called; a constant to the JIT. */
	static final boolean AVAILABLE = UNSAFE != null || READ != null;

	private SemaphoreReader() {
	}

	/** The u16 at {@code address}; only for addresses from {@link #address}, and only if {@link #AVAILABLE}. */
	static short read(long address) {
		if (UNSAFE != null) {
			return UNSAFE.getShortVolatile(null, address);
		}
		try {
			return (short) READ.invokeExact(address);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Reading a semaphore failed", ex);
		}
	}

	/**
	 * The native address of the u16 at {@code offset} in a direct buffer, checked to lie inside it
	 * and to be aligned. The caller keeps the buffer reachable for as long as it reads the address.
	 */
	static long address(ByteBuffer semaphores, int offset) {
		if (!semaphores.isDirect()) {
			throw new IllegalArgumentException("Semaphores must be in a direct buffer");
		}
		if (offset < 0 || offset > semaphores.capacity() - Short.BYTES) {
			throw new IndexOutOfBoundsException("Semaphore offset " + offset + " outside a buffer of "
					+ semaphores.capacity() + " bytes");
		}
		long address = DirectBuffers.address(semaphores) + offset;
		if ((address & (Short.BYTES - 1)) != 0) {
			throw new IllegalArgumentException("Semaphore at 0x" + Long.toHexString(address) + " is not aligned");
		}
		return address;
	}

	private static boolean nativeAccessEnabled() throws ReflectiveOperationException {
		Module module = SemaphoreReader.class.getModule();
		return (boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module);
	}

	/** {@code JAVA_SHORT.varHandle()} opaque over {@code MemorySegment.NULL.reinterpret(Long.MAX_VALUE)}. */
	private static MethodHandle foreignMemoryRead() throws ReflectiveOperationException {
		Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
		Object nothing = segmentType.getField("NULL").get(null);
		Object everything = segmentType.getMethod("reinterpret", long.class).invoke(nothing, Long.MAX_VALUE);
		Class<?> layoutType = Class.forName("java.lang.foreign.ValueLayout");
		Object shortLayout = layoutType.getField("JAVA_SHORT").get(null);
		VarHandle handle = (VarHandle) layoutType.getMethod("varHandle").invoke(shortLayout);
		MethodHandle read = handle.toMethodHandle(VarHandle.AccessMode.GET_OPAQUE);
		read = MethodHandles.insertArguments(read, 0, everything);
		return read.asType(MethodType.methodType(short.class, long.class));
	}

}
