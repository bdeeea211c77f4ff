package dev.usdt.backend.stapsdt;

/**
 * One section of an {@link ElfSharedObject}: its header fields, completed by the object's layout,
 * and what it holds.
 */
final class ElfSection {

	final String name;

	final int type;

	final int flags;

	final Segment segment;

	int size;

	final int alignment;

	final int entrySize;

	final Content content;

	ElfSection link;

	int info;

	int offset;

	int address;

	ElfSection(String name, int type, int flags, Segment segment, int size, int alignment, int entrySize,
			Content content) {
		this.name = name;
		this.type = type;
		this.flags = flags;
		this.segment = segment;
		this.size = size;
		this.alignment = alignment;
		this.entrySize = entrySize;
		this.content = content;
	}

	/** Which PT_LOAD a section lies in. */
	enum Segment {

		/** R+X: code and read-only dynamic-linking data. */
		CODE,

		/** R+W: {@code .dynamic} and the semaphores. */
		DATA,

		/** Not loaded. */
		NONE

	}

	/** What a section holds: {@code ElfSharedObject} writes it. */
	enum Content {

		BUILD_ID, HASH, SYMBOLS, DYNAMIC_STRINGS, TEXT, STAPSDT_BASE, DYNAMIC, SEMAPHORES, STAPSDT_NOTES, SECTION_NAMES

	}

}
