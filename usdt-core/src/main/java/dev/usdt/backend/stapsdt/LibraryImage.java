package dev.usdt.backend.stapsdt;

import java.util.Map;

/**
 * A generated shared object: its bytes, and the value of each symbol it exports, which is all a
 * loader that is not {@code dlopen} needs to find them once it knows where the file was mapped.
 *
 * @param content the file's bytes
 * @param symbols each exported symbol's value
 * @param contentId 16 hex digits of the GNU build-id, a SHA-1 of the rest of the file: it
 * names the file after its content without hashing it a second time (issue 19: each digest of a
 * library costs ~0.7 ms at start-up, before the JIT compiles it)
 */
public record LibraryImage(byte[] content, Map<String, Long> symbols, String contentId) {

	static LibraryImage of(ElfSharedObject library) {
		byte[] content = library.toBytes();
		return new LibraryImage(content, Map.copyOf(library.symbolValues()), library.contentId(content));
	}

}
