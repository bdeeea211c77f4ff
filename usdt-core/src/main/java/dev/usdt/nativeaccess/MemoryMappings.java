package dev.usdt.nativeaccess;

import java.io.IOException;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Replaces file mappings of this process in place, each in one system call, so a thread touching
 * the range at that moment sees either the old pages or the new ones and never a hole: the kernel
 * holds the address space's lock from the unmapping of the old pages to the mapping of the new
 * ones. Used to map a library file that was put back after deletion at the addresses the old
 * (deleted) file occupied; see {@code docs/file-lifecycle.md §4}.
 */
public final class MemoryMappings {

	public static final int PROT_READ = 1;

	public static final int PROT_WRITE = 2;

	public static final int PROT_EXEC = 4;

	private static final int MAP_PRIVATE = 2;

	private static final int MAP_FIXED = 0x10;

	private static final int MREMAP_MAYMOVE = 1;

	private static final int MREMAP_FIXED = 2;

	private static final long MAP_FAILED = -1;

	private interface Calls extends Library {

		Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset)
				throws LastErrorException;

		Pointer mremap(Pointer oldAddress, long oldLength, long newLength, int flags, Pointer newAddress)
				throws LastErrorException;

		int munmap(Pointer address, long length) throws LastErrorException;

	}

	private static final class Holder {

		static final Calls CALLS = Native.load("c", Calls.class);

	}

	private MemoryMappings() {
	}

	/**
	 * Maps {@code length} bytes of the open file at {@code offset} privately over
	 * {@code [address, address + length)}, replacing what was mapped there.
	 */
	public static void mapOver(long address, long length, int protection, int fd, long offset, Path file)
			throws IOException {
		long mapped = map(new Pointer(address), length, protection, MAP_PRIVATE | MAP_FIXED, fd, offset, file);
		if (mapped != address) {
			throw new IOException("mmap of " + file + " landed at 0x" + Long.toHexString(mapped) + ", not 0x"
					+ Long.toHexString(address));
		}
	}

	/**
	 * Maps the file privately and writable somewhere free, so it can be prepared before
	 * {@link #moveOver} puts it in place.
	 * @return its address
	 */
	public static long mapWritable(long length, int fd, long offset, Path file) throws IOException {
		return map(null, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, offset, file);
	}

	/** Moves the mapping at {@code from} over {@code [to, to + length)}, replacing what was there. */
	public static void moveOver(long from, long to, long length) throws IOException {
		try {
			Pointer moved = Holder.CALLS.mremap(new Pointer(from), length, length, MREMAP_MAYMOVE | MREMAP_FIXED,
					new Pointer(to));
			if (Pointer.nativeValue(moved) != to) {
				throw new IOException("mremap landed at 0x" + Long.toHexString(Pointer.nativeValue(moved)));
			}
		}
		catch (LastErrorException ex) {
			throw new IOException("mremap failed: " + ex.getMessage(), ex);
		}
	}

	/** Unmaps a range this process mapped itself and no thread uses (a mapping that was never put in place). */
	public static void unmapUnused(long address, long length) {
		try {
			Holder.CALLS.munmap(new Pointer(address), length);
		}
		catch (LastErrorException ex) {
			// Only a leak of address space: the range was never used
		}
	}

	/** Copies {@code length} bytes of this process's memory from {@code from} to {@code to}. */
	public static void copy(long from, long to, int length) {
		if (length > 0) {
			byte[] bytes = new Pointer(from).getByteArray(0, length);
			new Pointer(to).write(0, bytes, 0, length);
		}
	}

	private static long map(Pointer address, long length, int protection, int flags, int fd, long offset, Path file)
			throws IOException {
		try {
			long mapped = Pointer.nativeValue(Holder.CALLS.mmap(address, length, protection, flags, fd, offset));
			if (mapped == MAP_FAILED) {
				throw new IOException("mmap of " + file + " failed");
			}
			return mapped;
		}
		catch (LastErrorException ex) {
			throw new IOException("mmap of " + file + " failed: " + ex.getMessage(), ex);
		}
	}

}
