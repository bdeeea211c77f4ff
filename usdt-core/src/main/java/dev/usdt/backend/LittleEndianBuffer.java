package dev.usdt.backend;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte writer with absolute patching, shared by the ELF and DOF writers.
 * Offsets are {@code int}: the objects we write are a few kilobytes to a few megabytes.
 */
public final class LittleEndianBuffer {

	private byte[] bytes;

	private int size;

	public LittleEndianBuffer() {
		this(256);
	}

	public LittleEndianBuffer(int initialCapacity) {
		this.bytes = new byte[Math.max(16, initialCapacity)];
	}

	/** Current length, which is also the offset of the next byte written. */
	public int position() {
		return this.size;
	}

	public LittleEndianBuffer u8(int value) {
		ensure(1);
		this.bytes[this.size++] = (byte) value;
		return this;
	}

	public LittleEndianBuffer u16(int value) {
		ensure(2);
		this.size += 2;
		putU16(this.size - 2, value);
		return this;
	}

	public LittleEndianBuffer u32(long value) {
		ensure(4);
		this.size += 4;
		putU32(this.size - 4, value);
		return this;
	}

	public LittleEndianBuffer u64(long value) {
		ensure(8);
		this.size += 8;
		putU64(this.size - 8, value);
		return this;
	}

	public LittleEndianBuffer bytes(byte[] value) {
		ensure(value.length);
		System.arraycopy(value, 0, this.bytes, this.size, value.length);
		this.size += value.length;
		return this;
	}

	/** The string's UTF-8 bytes followed by a NUL. */
	public LittleEndianBuffer cString(String value) {
		return bytes(value.getBytes(StandardCharsets.UTF_8)).u8(0);
	}

	/** Zero bytes up to the next multiple of {@code alignment} (a power of two). */
	public LittleEndianBuffer align(int alignment) {
		return fill(0, alignTo(this.size, alignment) - this.size);
	}

	/** {@code count} copies of {@code value}. */
	public LittleEndianBuffer fill(int value, int count) {
		ensure(count);
		Arrays.fill(this.bytes, this.size, this.size + count, (byte) value);
		this.size += count;
		return this;
	}

	/** Zero bytes up to absolute offset {@code offset}, which must not lie behind the position. */
	public LittleEndianBuffer padTo(int offset) {
		if (offset < this.size) {
			throw new IllegalStateException("Cannot pad back from " + this.size + " to " + offset);
		}
		return fill(0, offset - this.size);
	}

	public void putU16(int offset, int value) {
		check(offset, 2);
		this.bytes[offset] = (byte) value;
		this.bytes[offset + 1] = (byte) (value >>> 8);
	}

	public void putU32(int offset, long value) {
		check(offset, 4);
		for (int i = 0; i < 4; i++) {
			this.bytes[offset + i] = (byte) (value >>> (8 * i));
		}
	}

	public void putU64(int offset, long value) {
		check(offset, 8);
		for (int i = 0; i < 8; i++) {
			this.bytes[offset + i] = (byte) (value >>> (8 * i));
		}
	}

	public byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.size);
	}

	/** {@code value} rounded up to a multiple of {@code alignment} (a power of two). */
	public static int alignTo(int value, int alignment) {
		if (Integer.bitCount(alignment) != 1) {
			throw new IllegalArgumentException("Alignment must be a power of two: " + alignment);
		}
		return (value + alignment - 1) & -alignment;
	}

	private void check(int offset, int length) {
		if (offset < 0 || offset + length > this.size) {
			throw new IndexOutOfBoundsException("Patch at " + offset + "+" + length + " outside 0.." + this.size);
		}
	}

	private void ensure(int extra) {
		if (this.size + extra > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.size + extra));
		}
	}
}
