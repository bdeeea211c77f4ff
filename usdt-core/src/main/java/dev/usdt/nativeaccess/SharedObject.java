package dev.usdt.nativeaccess;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * One loaded generated library: where its exported symbols are in this process. Either loaded as a
 * JNI library (its load address plus each symbol's value) or through JNA ({@code dlsym}).
 */
public final class SharedObject {

	private final long base;

	private final Map<String, Long> symbols;

	private final MappedRegions.FileIdentity mapped;

	private final NativeLibrary jna;

	SharedObject(long base, Map<String, Long> symbols, MappedRegions.FileIdentity mapped, NativeLibrary jna) {
		this.base = base;
		this.symbols = symbols;
		this.mapped = mapped;
		this.jna = jna;
	}

	/** The file that was mapped, if it was looked up while loading (not on the JNA path). */
	public Optional<MappedRegions.FileIdentity> mappedFile() {
		return Optional.ofNullable(this.mapped);
	}

	/**
	 * The address of an exported symbol.
	 * @throws IllegalArgumentException if the library does not export it
	 */
	public long address(String symbol) {
		if (this.jna != null) {
			return Pointer.nativeValue(this.jna.getGlobalVariableAddress(symbol));
		}
		Long value = this.symbols.get(symbol);
		if (value == null) {
			throw new IllegalArgumentException("No symbol " + symbol + " in this library");
		}
		return this.base + value;
	}

	/**
	 * A direct buffer over the {@code length} bytes at an exported symbol.
	 * @throws IllegalArgumentException if the library does not export it
	 */
	public ByteBuffer buffer(String symbol, int length) {
		long address = address(symbol);
		if (this.jna != null) {
			return new Pointer(address).getByteBuffer(0, length);
		}
		return JniCalls.directBuffer(address, length);
	}

	/** The JNA handle, for JNA's direct mapping; {@code null} if the library was loaded through JNI. */
	NativeLibrary jna() {
		return this.jna;
	}

}
