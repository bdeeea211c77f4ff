package dev.usdt.nativeaccess;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerArray;

import com.sun.jna.Memory;

/**
 * Native buffers that string arguments are copied into just before a stub call. A small fixed
 * pool shared by all threads, not thread-locals: a million virtual threads must not mean a million
 * native buffers. A thread takes a free slot with one CAS; when every slot is busy it uses a
 * short-lived buffer of its own, freed on release.
 */
public final class NativeStrings {

	/** Argument registers a stub receives (x86_64 SysV). */
	private static final int ARGUMENTS = 6;

	private final int maxBytes;

	private final Slot[] slots;

	private final AtomicIntegerArray busy;

	private final int mask;

	/**
	 * @param maxBytes the most UTF-8 bytes copied per string, not counting the terminating NUL
	 */
	public NativeStrings(int maxBytes) {
		if (maxBytes < 1 || maxBytes > 1 << 20) {
			throw new IllegalArgumentException("maxStringBytes must be between 1 and 1048576, was " + maxBytes);
		}
		this.maxBytes = maxBytes;
		int count = Integer.highestOneBit(Math.max(4, Math.min(64, 2 * Runtime.getRuntime().availableProcessors())));
		this.slots = new Slot[count];
		this.busy = new AtomicIntegerArray(count);
		this.mask = count - 1;
	}

	/** Number of pooled slots: bounded, whatever the number of threads. */
	public int poolSize() {
		return this.slots.length;
	}

	public Slot acquire() {
		int start = (int) Thread.currentThread().getId();
		for (int i = 0; i <= this.mask; i++) {
			int index = (start + i) & this.mask;
			if (this.busy.compareAndSet(index, 0, 1)) {
				Slot slot = this.slots[index];
				if (slot == null) {
					slot = new Slot(index);
					this.slots[index] = slot;
				}
				return slot;
			}
		}
		return new Slot(-1);
	}

	public void release(Slot slot) {
		if (slot.index >= 0) {
			// A release store suffices: the next CAS on this index sees everything written before
			this.busy.setRelease(slot.index, 0);
		}
		else {
			OverflowMemory.free(slot.overflow);
		}
	}

	/**
	 * Native memory for slots outside the pool, from JNA because it can be freed at once instead of
	 * at some later collection. In its own class so that pooled slots load nothing of JNA's.
	 */
	private static final class OverflowMemory {

		static Object allocate(int size) {
			return new Memory(size);
		}

		static ByteBuffer buffer(Object memory, int size) {
			return ((Memory) memory).getByteBuffer(0, size);
		}

		static void free(Object memory) {
			((Memory) memory).close();
		}

	}

	/** Room for six NUL-terminated strings of at most {@code maxBytes} bytes each. */
	public final class Slot {

		private final int index;

		private final ByteBuffer buffer;

		/** The JNA memory of a slot outside the pool, {@code null} for a pooled one. */
		private final Object overflow;

		private final long address;

		private final int stride;

		private final Utf8Truncation encoder;

		/**
		 * The string whose bytes each argument's buffer holds, if it was a short {@code String}:
		 * strings are immutable, so passing the same object again needs no copy. A traced fire runs
		 * right after the kernel's trap, with cold caches, where a skipped copy saves tens of ns.
		 */
		private final String[] held = new String[ARGUMENTS];

		Slot(int index) {
			this.index = index;
			this.stride = NativeStrings.this.maxBytes + 1;
			int size = this.stride * ARGUMENTS;
			// A pooled slot lives as long as the pool; one outside it is freed as soon as it is released
			this.overflow = (index >= 0) ? null : OverflowMemory.allocate(size);
			this.buffer = (index >= 0) ? ByteBuffer.allocateDirect(size) : OverflowMemory.buffer(this.overflow, size);
			this.address = DirectBuffers.address(this.buffer);
			this.encoder = new Utf8Truncation(NativeStrings.this.maxBytes);
		}

		/**
		 * Copies {@code text} as NUL-terminated UTF-8 into the buffer for argument {@code argument}.
		 * @return the native address to pass to the stub
		 */
		public long put(int argument, CharSequence text) {
			int offset = argument * this.stride;
			CharSequence value = (text != null) ? text : "";
			if (value != this.held[argument]) {
				int length = this.encoder.encode(value, this.buffer, offset);
				this.buffer.put(offset + length, (byte) 0);
				// Only short strings are held, so a slot never keeps a large one reachable
				this.held[argument] = (value instanceof String string && string.length() <= NativeStrings.this.maxBytes)
						? string : null;
			}
			return this.address + offset;
		}

	}

}
