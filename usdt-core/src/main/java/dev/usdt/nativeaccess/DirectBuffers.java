package dev.usdt.nativeaccess;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Where a direct buffer's memory is. The JDK answers without a warning or a flag
 * ({@code MemorySegment.ofBuffer} on JDK 22+, {@code Unsafe} on JDK 17 to 21), so a JVM that holds
 * only no-op probes, or calls through the trampoline's JNI entry points, loads no JNA; JNA answers
 * where the JDK does not. Reading an address of a buffer one holds is harmless: nothing here reads
 * or writes through it.
 */
public final class DirectBuffers {

	/** {@code (ByteBuffer direct) -> long} address of its first byte, or {@code null} where none is offered. */
	private static final MethodHandle BUFFER_ADDRESS = bufferAddress();

	private DirectBuffers() {
	}

	/** Whether the JDK itself tells buffer addresses (else {@link #address} loads JNA). */
	static boolean fromJdk() {
		return BUFFER_ADDRESS != null;
	}

	/**
	 * The address of the buffer's first byte, whatever its position. The caller keeps the buffer
	 * reachable for as long as the address is used.
	 * @throws IllegalArgumentException if the buffer is not direct
	 */
	public static long address(ByteBuffer direct) {
		if (!direct.isDirect()) {
			throw new IllegalArgumentException("Not a direct buffer: " + direct);
		}
		if (BUFFER_ADDRESS == null) {
			return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
		}
		// MemorySegment.ofBuffer starts at the position; Unsafe's field is the first byte
		ByteBuffer whole = (direct.position() == 0) ? direct : direct.duplicate().position(0);
		try {
			return (long) BUFFER_ADDRESS.invokeExact(whole);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Reading a direct buffer's address failed", ex);
		}
	}

	private static MethodHandle bufferAddress() {
		try {
			if (Runtime.version().feature() >= 22) {
				Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
				MethodHandles.Lookup lookup = MethodHandles.publicLookup();
				MethodHandle ofBuffer = lookup.findStatic(segmentType, "ofBuffer",
						MethodType.methodType(segmentType, Buffer.class));
				MethodHandle address = lookup.findVirtual(segmentType, "address", MethodType.methodType(long.class));
				return MethodHandles.filterReturnValue(ofBuffer, address)
					.asType(MethodType.methodType(long.class, ByteBuffer.class));
			}
			Field instance = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
			instance.setAccessible(true);
			Object unsafe = instance.get(null);
			long offset = (long) unsafe.getClass().getMethod("objectFieldOffset", Field.class)
				.invoke(unsafe, Buffer.class.getDeclaredField("address"));
			MethodHandle getLong = MethodHandles.lookup()
				.findVirtual(unsafe.getClass(), "getLong", MethodType.methodType(long.class, Object.class, long.class))
				.bindTo(unsafe);
			return MethodHandles.insertArguments(getLong, 1, offset)
				.asType(MethodType.methodType(long.class, ByteBuffer.class));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

}
