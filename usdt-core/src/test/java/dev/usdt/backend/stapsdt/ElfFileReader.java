package dev.usdt.backend.stapsdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads back the parts of an ELF64 little-endian file that the tests compare, independently of the
 * writer (it uses the gABI field offsets listed in docs/stapsdt-elf.md, not the writer's code).
 */
final class ElfFileReader {

	record ProgramHeader(long type, long flags, long offset, long vaddr, long paddr, long filesz, long memsz,
			long align) {
	}

	record SectionHeader(int index, String name, long type, long flags, long addr, long offset, long size, long link,
			long info, long align, long entsize) {
	}

	record Symbol(String name, int info, int other, int shndx, long value, long size) {
	}

	record Note(String owner, long type, byte[] descriptor, int offset, int length) {
	}

	record DynamicEntry(long tag, long value) {
	}

	/** The descriptor of one SDT v3 note (docs/stapsdt-elf.md §5). */
	record StapsdtNote(long pc, long base, long semaphore, String provider, String name, String arguments) {
	}

	private final byte[] bytes;

	private final ByteBuffer buffer;

	ElfFileReader(byte[] bytes) {
		this.bytes = bytes;
		this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
	}

	byte[] bytes() {
		return this.bytes;
	}

	byte[] range(long offset, long length) {
		return Arrays.copyOfRange(this.bytes, (int) offset, (int) (offset + length));
	}

	int u16(long offset) {
		return Short.toUnsignedInt(this.buffer.getShort((int) offset));
	}

	long u32(long offset) {
		return Integer.toUnsignedLong(this.buffer.getInt((int) offset));
	}

	long u64(long offset) {
		return this.buffer.getLong((int) offset);
	}

	long sectionHeaderOffset() {
		return u64(0x28);
	}

	List<ProgramHeader> programHeaders() {
		long offset = u64(0x20);
		int count = u16(0x38);
		List<ProgramHeader> headers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long at = offset + 56L * i;
			headers.add(new ProgramHeader(u32(at), u32(at + 4), u64(at + 8), u64(at + 16), u64(at + 24), u64(at + 32),
					u64(at + 40), u64(at + 48)));
		}
		return headers;
	}

	List<SectionHeader> sections() {
		long offset = sectionHeaderOffset();
		int count = u16(0x3c);
		long names = u64(offset + 64L * u16(0x3e) + 24);
		List<SectionHeader> headers = new ArrayList<>();
		for (int i = 1; i < count; i++) {
			long at = offset + 64L * i;
			headers.add(new SectionHeader(i, string(names + u32(at)), u32(at + 4), u64(at + 8), u64(at + 16),
					u64(at + 24), u64(at + 32), u32(at + 40), u32(at + 44), u64(at + 48), u64(at + 56)));
		}
		return headers;
	}

	SectionHeader section(String name) {
		return sections().stream()
			.filter((section) -> section.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no section " + name));
	}

	SectionHeader section(int index) {
		return sections().get(index - 1);
	}

	boolean hasSection(String name) {
		return sections().stream().anyMatch((section) -> section.name().equals(name));
	}

	byte[] contents(String name) {
		SectionHeader section = section(name);
		return range(section.offset(), section.size());
	}

	List<Symbol> dynamicSymbols() {
		SectionHeader dynsym = section(".dynsym");
		SectionHeader dynstr = section((int) dynsym.link());
		List<Symbol> symbols = new ArrayList<>();
		for (long at = dynsym.offset(); at < dynsym.offset() + dynsym.size(); at += 24) {
			symbols.add(new Symbol(string(dynstr.offset() + u32(at)), this.bytes[(int) at + 4] & 0xff,
					this.bytes[(int) at + 5] & 0xff, u16(at + 6), u64(at + 8), u64(at + 16)));
		}
		return symbols;
	}

	List<DynamicEntry> dynamicEntries() {
		SectionHeader dynamic = section(".dynamic");
		List<DynamicEntry> entries = new ArrayList<>();
		for (long at = dynamic.offset(); at < dynamic.offset() + dynamic.size(); at += 16) {
			entries.add(new DynamicEntry(u64(at), u64(at + 8)));
		}
		return entries;
	}

	List<Note> notes(String sectionName) {
		SectionHeader section = section(sectionName);
		List<Note> notes = new ArrayList<>();
		long at = section.offset();
		while (at < section.offset() + section.size()) {
			int nameSize = (int) u32(at);
			int descriptorSize = (int) u32(at + 4);
			long type = u32(at + 8);
			String owner = new String(this.bytes, (int) at + 12, nameSize - 1, StandardCharsets.US_ASCII);
			long descriptor = at + 12 + align4(nameSize);
			long end = descriptor + align4(descriptorSize);
			notes.add(new Note(owner, type, range(descriptor, descriptorSize), (int) at, (int) (end - at)));
			at = end;
		}
		return notes;
	}

	List<StapsdtNote> stapsdtNotes() {
		List<StapsdtNote> notes = new ArrayList<>();
		for (Note note : notes(".note.stapsdt")) {
			ByteBuffer descriptor = ByteBuffer.wrap(note.descriptor()).order(ByteOrder.LITTLE_ENDIAN);
			String[] strings = new String(note.descriptor(), 24, note.descriptor().length - 24, StandardCharsets.UTF_8)
				.split("\0", -1);
			if (strings.length != 4 || !strings[3].isEmpty()) {
				throw new AssertionError("descriptor strings do not end at n_descsz: " + Arrays.toString(strings));
			}
			notes.add(new StapsdtNote(descriptor.getLong(0), descriptor.getLong(8), descriptor.getLong(16), strings[0],
					strings[1], strings[2]));
		}
		return notes;
	}

	/** The NUL-terminated string at a file offset. */
	String string(long offset) {
		int end = (int) offset;
		while (this.bytes[end] != 0) {
			end++;
		}
		return new String(this.bytes, (int) offset, end - (int) offset, StandardCharsets.UTF_8);
	}

	private static long align4(long value) {
		return (value + 3) & ~3L;
	}

}
