package dev.usdt.nativeaccess;

import java.nio.ByteBuffer;
import java.util.Map;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * One loaded generated library: where its exported symbols are in this process. Either loaded as a
 * JNI library (its load address plus each symbol's value) or through JNA ({@code dlsym}). Every
 * address and buffer it hands out lies inside the library's own mappings.
 */
public final class SharedObject {

	private final long base;

	private final long end;

	private final Map<String, Long> symbols;

	private final MappedRegions.FileIdentity mapped;

	private final NativeLibrary jna;

	SharedObject(long base, long end, Map<String, Long> symbols, MappedRegions.FileIdentity mapped,
			NativeLibrary jna) {
		this.base = base;
		this.end = end;
		this.symbols = symbols;
		this.mapped = mapped;
		this.jna = jna;
	}

	/** The file that was mapped (by device and inode: the path may name another file since). */
	public MappedRegions.FileIdentity mappedFile() {
		return this.mapped;
	}

	/**
	 * The address of an exported symbol.
	 * @throws IllegalArgumentException if the library does not export it
	 */
	public long address(String symbol) {
		return checked(symbol, 1);
	}

	/**
	 * A direct buffer over the {@code length} bytes at an exported symbol.
	 * @throws IllegalArgumentException if the library does not export it
	 */
	public ByteBuffer buffer(String symbol, int length) {
		long address = checked(symbol, length);
		if (this.jna != null) {
			return new Pointer(address).getByteBuffer(0, length);
		}
		return JniCalls.directBuffer(address, length);
	}

	/** The symbol's address, if {@code length} bytes there lie inside the library. */
	private long checked(String symbol, int length) {
		long address;
		if (this.jna != null) {
			address = Pointer.nativeValue(this.jna.getGlobalVariableAddress(symbol));
		}
		else {
			Long value = this.symbols.get(symbol);
			if (value == null) {
				throw new IllegalArgumentException("No symbol " + symbol + " in this library");
			}
			address = this.base + value;
		}
		if (length < 1 || Long.compareUnsigned(address, this.base) < 0
				|| Long.compareUnsigned(address + length, this.end) > 0) {
			throw new IllegalArgumentException(length + " bytes at " + symbol + " do not lie inside the library");
		}
		return address;
	}

	/** The JNA handle, for JNA's direct mapping; {@code null} if the library was loaded through JNI. */
	NativeLibrary jna() {
		return this.jna;
	}

}
