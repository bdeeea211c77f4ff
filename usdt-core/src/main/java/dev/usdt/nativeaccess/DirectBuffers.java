package dev.usdt.nativeaccess;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

import sun.misc.Unsafe;

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

	/** JDK 17 to 21: reads {@code Buffer.address}; {@code null} on later JDKs. */
	private static final Unsafe UNSAFE = (Runtime.version().feature() < 22) ? unsafe() : null;

	private static final long ADDRESS_OFFSET = (UNSAFE != null) ? addressOffset(UNSAFE) : -1;

	/**
	 * JDK 22+: {@code (ByteBuffer direct) -> long} address of its first byte through
	 * {@code MemorySegment.ofBuffer}; {@code null} where none is offered.
	 */
	private static final MethodHandle BUFFER_ADDRESS = (UNSAFE == null) ? segmentAddress() : null;

	private DirectBuffers() {
	}

	/** Whether the JDK itself tells buffer addresses (else {@link #address} loads JNA). */
	static boolean fromJdk() {
		return ADDRESS_OFFSET >= 0 || BUFFER_ADDRESS != null;
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
		if (ADDRESS_OFFSET >= 0) {
			// the field is the first byte whatever the position
			return UNSAFE.getLong(direct, ADDRESS_OFFSET);
		}
		if (BUFFER_ADDRESS == null) {
			return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
		}
		// MemorySegment.ofBuffer starts at the position
		ByteBuffer whole = (direct.position() == 0) ? direct : direct.duplicate().position(0);
		try {
			return (long) BUFFER_ADDRESS.invokeExact(whole);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Reading a direct buffer's address failed", ex);
		}
	}

	/** Direct calls, not method handles: combining handles costs milliseconds of start-up. */
	static Unsafe unsafe() {
		try {
			Field instance = Unsafe.class.getDeclaredField("theUnsafe");
			instance.setAccessible(true);
			return (Unsafe) instance.get(null);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

	@SuppressWarnings("removal")
	private static long addressOffset(Unsafe unsafe) {
		try {
			return unsafe.objectFieldOffset(Buffer.class.getDeclaredField("address"));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return -1;
		}
	}

	private static MethodHandle segmentAddress() {
		try {
			Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			MethodHandle ofBuffer = lookup.findStatic(segmentType, "ofBuffer",
					MethodType.methodType(segmentType, Buffer.class));
			MethodHandle address = lookup.findVirtual(segmentType, "address", MethodType.methodType(long.class));
			return MethodHandles.filterReturnValue(ofBuffer, address)
				.asType(MethodType.methodType(long.class, ByteBuffer.class));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

}
