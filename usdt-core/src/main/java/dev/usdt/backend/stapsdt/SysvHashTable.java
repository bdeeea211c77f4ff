package dev.usdt.backend.stapsdt;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.usdt.backend.LittleEndianBuffer;

/**
 * The SysV {@code .hash} section that {@code DT_HASH} points to: glibc and musl look symbols up
 * through it, so {@code dlsym} works only if it is right (docs/stapsdt-elf.md §4.3). {@code nchain} must equal the
 * number of {@code .dynsym} entries including the null symbol (R8); we also use that number of
 * buckets.
 */
final class SysvHashTable {

	private static final int HIGH_NIBBLE = 0xf0000000;

	private static final int NIBBLE_BITS = 4;

	/** The high nibble is folded back in at bit 4 (gABI: {@code h ^= g >> 24}). */
	private static final int FOLD_SHIFT = 24;

	private final int[] buckets;

	private final int[] chains;

	/** @param symbolNames the names of {@code .dynsym} entries 1..n (the null symbol excluded) */
	SysvHashTable(List<String> symbolNames) {
		int symbolCount = symbolNames.size() + 1;
		this.buckets = new int[symbolCount];
		this.chains = new int[symbolCount];
		for (int index = 1; index < symbolCount; index++) {
			append(index, bucketOf(symbolNames.get(index - 1)));
		}
	}

	/** The gABI {@code elf_hash} of a name, as an unsigned 32-bit value in an {@code int}. */
	static int elfHash(String name) {
		int hash = 0;
		for (byte c : name.getBytes(StandardCharsets.UTF_8)) {
			hash = (hash << NIBBLE_BITS) + Byte.toUnsignedInt(c);
			int high = hash & HIGH_NIBBLE;
			if (high != 0) {
				hash ^= high >>> FOLD_SHIFT;
			}
			hash &= ~high;
		}
		return hash;
	}

	/** Size in bytes: nbucket, nchain, the buckets and the chains. */
	int size() {
		return (Elf64.HASH_HEADER_WORDS + this.buckets.length + this.chains.length) * Elf64.HASH_WORD_SIZE;
	}

	void writeTo(LittleEndianBuffer buffer) {
		buffer.u32(this.buckets.length).u32(this.chains.length);
		for (int bucket : this.buckets) {
			buffer.u32(bucket);
		}
		for (int chain : this.chains) {
			buffer.u32(chain);
		}
	}

	private int bucketOf(String name) {
		return Integer.remainderUnsigned(elfHash(name), this.buckets.length);
	}

	/** Appends the symbol at the end of its bucket's chain, so lookups meet symbols in table order. */
	private void append(int symbolIndex, int bucket) {
		if (this.buckets[bucket] == 0) {
			this.buckets[bucket] = symbolIndex;
			return;
		}
		int last = this.buckets[bucket];
		while (this.chains[last] != 0) {
			last = this.chains[last];
		}
		this.chains[last] = symbolIndex;
	}

}
