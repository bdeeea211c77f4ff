package dev.usdt.backend.stapsdt;

import java.util.Map;

/**
 * A generated shared object: its bytes, and the value of each symbol it exports, which is all a
 * loader that is not {@code dlopen} needs to find them once it knows where the file was mapped.
 */
public record LibraryImage(byte[] content, Map<String, Long> symbols) {

	static LibraryImage of(ElfSharedObject library) {
		return new LibraryImage(library.toBytes(), Map.copyOf(library.symbolValues()));
	}

}
