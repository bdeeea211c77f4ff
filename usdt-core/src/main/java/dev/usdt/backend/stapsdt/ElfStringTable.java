package dev.usdt.backend.stapsdt;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.usdt.backend.LittleEndianBuffer;

/**
 * An ELF string table ({@code .dynstr}, {@code .shstrtab}): a leading NUL, then each distinct
 * string once, NUL-terminated, in the order first added. Offsets are what {@code st_name} and
 * {@code sh_name} hold.
 */
final class ElfStringTable {

	private final Map<String, Integer> offsets = new LinkedHashMap<>();

	private int size = 1;

	/** Adds {@code value} unless present and returns its offset. */
	int add(String value) {
		Integer known = this.offsets.get(value);
		if (known != null) {
			return known;
		}
		int offset = this.size;
		this.offsets.put(value, offset);
		this.size += value.getBytes(StandardCharsets.UTF_8).length + 1;
		return offset;
	}

	/** The offset of a string added before. */
	int offsetOf(String value) {
		Integer offset = this.offsets.get(value);
		if (offset == null) {
			throw new IllegalStateException("String '" + value + "' was never added");
		}
		return offset;
	}

	int size() {
		return this.size;
	}

	void writeTo(LittleEndianBuffer buffer) {
		buffer.u8(0);
		for (String value : this.offsets.keySet()) {
			buffer.cString(value);
		}
	}

}
