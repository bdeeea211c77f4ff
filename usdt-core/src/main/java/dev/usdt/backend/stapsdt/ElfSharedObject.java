package dev.usdt.backend.stapsdt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.usdt.backend.LittleEndianBuffer;
import dev.usdt.backend.stapsdt.ElfSection.Content;
import dev.usdt.backend.stapsdt.ElfSection.Segment;

/**
 * Lays out and encodes one ELF64 shared object of the shape real tracers accept:
 * exported functions in {@code .text}, 16-bit semaphores in {@code .probes}, one SDT v3 note per
 * probe, plus what {@code dlopen}/{@code dlsym} and perf need and nothing more (docs/stapsdt-elf.md §1–§5).
 * <p>
 * Sections come in the order of docs/stapsdt-elf.md §4.1, which satisfies rule R1 of its §0 ({@code .text} before {@code .probes}
 * before {@code .note.stapsdt}); {@code .stapsdt.base}, {@code .probes} and {@code .note.stapsdt}
 * are left out when there is nothing to put in them (the trampoline library). Sizes never depend
 * on addresses, so layout is done once before any byte is written.
 */
final class ElfSharedObject {

	/** A function exported under {@code symbol}, starting its own {@link Elf64#TEXT_SLOT} slot. */
	record Function(String symbol, byte[] code) {
	}

	/**
	 * One SDT probe: its note names {@code functions[function]} as the probe PC and
	 * {@code semaphores[semaphore]} as its semaphore.
	 */
	record Probe(String provider, String name, String arguments, int function, int semaphore) {
	}

	private static final String OWNER_STAPSDT = Elf64.STAPSDT_NOTE_OWNER;

	/** LOAD R+X, LOAD R+W, DYNAMIC, GNU_STACK, NOTE (docs/stapsdt-elf.md §3). */
	private static final int PROGRAM_HEADER_COUNT = 5;

	/** pc, base and semaphore address precede the strings of a stapsdt descriptor (docs/stapsdt-elf.md §5). */
	private static final int STAPSDT_ADDRESS_FIELDS = 3;

	/** HASH, STRTAB, SYMTAB, STRSZ, SYMENT, NULL (docs/stapsdt-elf.md §4.4). */
	private static final int DYNAMIC_ENTRY_COUNT = 6;

	private static final String SHA_1 = "SHA-1";

	private final ElfArchitecture architecture;

	private final List<Function> functions;

	private final List<String> semaphores;

	private final List<Probe> probes;

	private final ElfStringTable dynamicStrings = new ElfStringTable();

	private final ElfStringTable sectionNames = new ElfStringTable();

	private final SysvHashTable hash;

	private final List<ElfSection> sections = new ArrayList<>();

	private final int[] functionOffsets;

	private final ElfSection buildId;

	private final ElfSection hashSection;

	private final ElfSection dynsym;

	private final ElfSection dynstr;

	private final ElfSection text;

	private final ElfSection stapsdtBase;

	private final ElfSection dynamic;

	private final ElfSection semaphoreSection;

	private final ElfSection shstrtab;

	private final int sectionHeaderOffset;

	ElfSharedObject(ElfArchitecture architecture, List<Function> functions, List<String> semaphores,
			List<Probe> probes) {
		this.architecture = architecture;
		this.functions = List.copyOf(functions);
		this.semaphores = List.copyOf(semaphores);
		this.probes = List.copyOf(probes);
		List<String> symbols = new ArrayList<>();
		for (Function function : this.functions) {
			symbols.add(function.symbol());
		}
		symbols.addAll(this.semaphores);
		for (String symbol : symbols) {
			this.dynamicStrings.add(symbol);
		}
		this.hash = new SysvHashTable(symbols);
		this.functionOffsets = new int[this.functions.size()];
		int textSize = 0;
		for (int i = 0; i < this.functions.size(); i++) {
			this.functionOffsets[i] = textSize;
			textSize += LittleEndianBuffer.alignTo(this.functions.get(i).code().length, Elf64.TEXT_SLOT);
		}
		boolean hasProbes = !this.probes.isEmpty();
		// R+X segment: docs/stapsdt-elf.md §4.1 order, build-id first (§1.2)
		this.buildId = add(new ElfSection(".note.gnu.build-id", Elf64.SHT_NOTE, Elf64.SHF_ALLOC, Segment.CODE,
				noteSize(Elf64.GNU_NOTE_OWNER, Elf64.BUILD_ID_SIZE), Elf64.NOTE_ALIGN, 0, Content.BUILD_ID));
		this.hashSection = add(new ElfSection(".hash", Elf64.SHT_HASH, Elf64.SHF_ALLOC, Segment.CODE, this.hash.size(),
				Elf64.SYMTAB_ALIGN, Elf64.HASH_WORD_SIZE, Content.HASH));
		this.dynsym = add(new ElfSection(".dynsym", Elf64.SHT_DYNSYM, Elf64.SHF_ALLOC, Segment.CODE,
				(symbols.size() + 1) * Elf64.SYM_SIZE, Elf64.SYMTAB_ALIGN, Elf64.SYM_SIZE, Content.SYMBOLS));
		this.dynstr = add(new ElfSection(".dynstr", Elf64.SHT_STRTAB, Elf64.SHF_ALLOC, Segment.CODE,
				this.dynamicStrings.size(), 1, 0, Content.DYNAMIC_STRINGS));
		this.hashSection.link = this.dynsym;
		this.dynsym.link = this.dynstr;
		this.dynsym.info = Elf64.FIRST_GLOBAL_SYMBOL;
		this.text = add(new ElfSection(".text", Elf64.SHT_PROGBITS, Elf64.SHF_ALLOC | Elf64.SHF_EXECINSTR, Segment.CODE,
				textSize, Elf64.TEXT_SLOT, 0, Content.TEXT));
		// R3: gdb lists no probes without it; it ends the R+X segment
		this.stapsdtBase = hasProbes ? add(new ElfSection(".stapsdt.base", Elf64.SHT_PROGBITS, Elf64.SHF_ALLOC,
				Segment.CODE, Elf64.STAPSDT_BASE_SIZE, 1, 0, Content.STAPSDT_BASE)) : null;
		// R+W segment: .dynamic, then the semaphores inside p_filesz (R6)
		this.dynamic = add(new ElfSection(".dynamic", Elf64.SHT_DYNAMIC, Elf64.SHF_ALLOC | Elf64.SHF_WRITE,
				Segment.DATA, DYNAMIC_ENTRY_COUNT * Elf64.DYN_SIZE, Elf64.SYMTAB_ALIGN, Elf64.DYN_SIZE, Content.DYNAMIC));
		this.dynamic.link = this.dynstr;
		// R2: bcc finds semaphores only in a section named .probes
		this.semaphoreSection = this.semaphores.isEmpty() ? null
				: add(new ElfSection(".probes", Elf64.SHT_PROGBITS, Elf64.SHF_ALLOC | Elf64.SHF_WRITE, Segment.DATA,
						this.semaphores.size() * Elf64.SEMAPHORE_SIZE, Elf64.SEMAPHORE_SIZE, 0, Content.SEMAPHORES));
		// not loaded: tracers read the notes by section name (docs/stapsdt-elf.md §4.8); after .probes (R1)
		if (hasProbes) {
			add(new ElfSection(".note.stapsdt", Elf64.SHT_NOTE, 0, Segment.NONE, stapsdtNotesSize(), Elf64.NOTE_ALIGN,
					0, Content.STAPSDT_NOTES));
		}
		this.shstrtab = new ElfSection(".shstrtab", Elf64.SHT_STRTAB, 0, Segment.NONE, 0, 1, 0, Content.SECTION_NAMES);
		add(this.shstrtab);
		this.shstrtab.size = this.sectionNames.size();
		this.sectionHeaderOffset = layOut();
	}

	/**
	 * The encoded file, with a build-id that is the SHA-1 of the file with the id zeroed, less the
	 * zeros that page-align the data segment (R10, docs/stapsdt-elf.md §4.9).
	 */
	byte[] toBytes() {
		LittleEndianBuffer buffer = new LittleEndianBuffer(
				this.sectionHeaderOffset + (this.sections.size() + 1) * Elf64.SHDR_SIZE);
		writeElfHeader(buffer);
		writeProgramHeaders(buffer);
		for (ElfSection section : this.sections) {
			buffer.padTo(section.offset);
			writeContent(section.content, buffer);
			if (buffer.position() != section.offset + section.size) {
				throw new IllegalStateException(section.name + " wrote " + (buffer.position() - section.offset)
						+ " bytes, laid out for " + section.size);
			}
		}
		buffer.padTo(this.sectionHeaderOffset);
		writeSectionHeaders(buffer);
		byte[] bytes = buffer.toByteArray();
		byte[] id = buildId(bytes);
		System.arraycopy(id, 0, bytes, buildIdDescriptorOffset(), id.length);
		return bytes;
	}

	// A switch, not a writer function per section: each lambda would cost a class spun at startup
	private void writeContent(Content content, LittleEndianBuffer buffer) {
		switch (content) {
			case BUILD_ID -> writeBuildIdNote(buffer);
			case HASH -> this.hash.writeTo(buffer);
			case SYMBOLS -> writeSymbols(buffer);
			case DYNAMIC_STRINGS -> this.dynamicStrings.writeTo(buffer);
			case TEXT -> writeText(buffer);
			case STAPSDT_BASE -> buffer.u8(0);
			case DYNAMIC -> writeDynamic(buffer);
			case SEMAPHORES -> buffer.fill(0, this.semaphores.size() * Elf64.SEMAPHORE_SIZE);
			case STAPSDT_NOTES -> writeStapsdtNotes(buffer);
			case SECTION_NAMES -> this.sectionNames.writeTo(buffer);
		}
	}

	private ElfSection add(ElfSection section) {
		this.sections.add(section);
		this.sectionNames.add(section.name);
		return section;
	}

	/**
	 * Assigns file offsets and addresses (docs/stapsdt-elf.md §1.1 address rule: R+X vaddr = offset; R+W vaddr =
	 * offset + {@link Elf64#RW_VADDR_BIAS}, starting on a new file page; unloaded sections 0).
	 * @return the offset of the section header table
	 */
	private int layOut() {
		int position = Elf64.EHDR_SIZE + PROGRAM_HEADER_COUNT * Elf64.PHDR_SIZE;
		boolean dataStarted = false;
		for (ElfSection section : this.sections) {
			int alignment = section.alignment;
			if (section.segment == Segment.DATA && !dataStarted) {
				position = LittleEndianBuffer.alignTo(position, Elf64.FILE_PAGE);
				dataStarted = true;
			}
			if (section.type == Elf64.SHT_NOTE && section.segment == Segment.NONE) {
				alignment = Elf64.NOTE_SECTION_FILE_ALIGN;
			}
			section.offset = LittleEndianBuffer.alignTo(position, alignment);
			section.address = switch (section.segment) {
				case CODE -> section.offset;
				case DATA -> section.offset + Elf64.RW_VADDR_BIAS;
				case NONE -> 0;
			};
			position = section.offset + section.size;
		}
		return LittleEndianBuffer.alignTo(position, Long.BYTES);
	}

	private int index(ElfSection section) {
		return (section != null) ? this.sections.indexOf(section) + 1 : 0;
	}

	private int segmentEnd(Segment segment) {
		int end = 0;
		for (ElfSection section : this.sections) {
			if (section.segment == segment) {
				end = Math.max(end, section.offset + section.size);
			}
		}
		return end;
	}

	// docs/stapsdt-elf.md §2
	private void writeElfHeader(LittleEndianBuffer buffer) {
		buffer.bytes(Elf64.IDENT_PREFIX).padTo(Elf64.IDENT_SIZE);
		buffer.u16(Elf64.ET_DYN).u16(this.architecture.machine()).u32(Elf64.EV_CURRENT);
		buffer.u64(0); // e_entry: a library has no entry point
		buffer.u64(Elf64.EHDR_SIZE).u64(this.sectionHeaderOffset);
		buffer.u32(0); // e_flags
		buffer.u16(Elf64.EHDR_SIZE).u16(Elf64.PHDR_SIZE).u16(PROGRAM_HEADER_COUNT);
		buffer.u16(Elf64.SHDR_SIZE).u16(this.sections.size() + 1).u16(index(this.shstrtab));
	}

	// docs/stapsdt-elf.md §3
	private void writeProgramHeaders(LittleEndianBuffer buffer) {
		int codeEnd = segmentEnd(Segment.CODE);
		int dataEnd = segmentEnd(Segment.DATA);
		programHeader(buffer, Elf64.PT_LOAD, Elf64.PF_R | Elf64.PF_X, 0, 0, codeEnd, Elf64.SEGMENT_ALIGN);
		programHeader(buffer, Elf64.PT_LOAD, Elf64.PF_R | Elf64.PF_W, this.dynamic.offset, this.dynamic.address,
				dataEnd - this.dynamic.offset, Elf64.SEGMENT_ALIGN);
		programHeader(buffer, Elf64.PT_DYNAMIC, Elf64.PF_R | Elf64.PF_W, this.dynamic.offset, this.dynamic.address,
				this.dynamic.size, Elf64.DYNAMIC_SEGMENT_ALIGN);
		// R4: without it glibc makes every thread stack executable
		programHeader(buffer, Elf64.PT_GNU_STACK, Elf64.PF_R | Elf64.PF_W, 0, 0, 0, Elf64.GNU_STACK_ALIGN);
		// R10: perf needs the build-id
		programHeader(buffer, Elf64.PT_NOTE, Elf64.PF_R, this.buildId.offset, this.buildId.address, this.buildId.size,
				Elf64.NOTE_SEGMENT_ALIGN);
	}

	private static void programHeader(LittleEndianBuffer buffer, int type, int flags, long offset, long address,
			long size, long alignment) {
		buffer.u32(type).u32(flags).u64(offset).u64(address).u64(address).u64(size).u64(size).u64(alignment);
	}

	// docs/stapsdt-elf.md §4.1
	private void writeSectionHeaders(LittleEndianBuffer buffer) {
		buffer.fill(0, Elf64.SHDR_SIZE); // the null section
		for (ElfSection section : this.sections) {
			buffer.u32(this.sectionNames.offsetOf(section.name)).u32(section.type).u64(section.flags);
			buffer.u64(section.address).u64(section.offset).u64(section.size);
			buffer.u32(index(section.link)).u32(section.info).u64(section.alignment).u64(section.entrySize);
		}
	}

	// docs/stapsdt-elf.md §4.2: stubs first, then semaphores, all global
	private void writeSymbols(LittleEndianBuffer buffer) {
		buffer.fill(0, Elf64.SYM_SIZE);
		for (int i = 0; i < this.functions.size(); i++) {
			Function function = this.functions.get(i);
			symbol(buffer, function.symbol(), Elf64.STT_FUNC, this.text, functionAddress(i), function.code().length);
		}
		for (int i = 0; i < this.semaphores.size(); i++) {
			symbol(buffer, this.semaphores.get(i), Elf64.STT_OBJECT, this.semaphoreSection, semaphoreAddress(i),
					Elf64.SEMAPHORE_SIZE);
		}
	}

	private void symbol(LittleEndianBuffer buffer, String name, int type, ElfSection section, long value, long size) {
		buffer.u32(this.dynamicStrings.offsetOf(name));
		buffer.u8((Elf64.STB_GLOBAL << Elf64.ST_BIND_SHIFT) | type);
		buffer.u8(0); // st_other: default visibility
		buffer.u16(index(section)).u64(value).u64(size);
	}

	// docs/stapsdt-elf.md §4.4, with DT_SYMENT (R8)
	private void writeDynamic(LittleEndianBuffer buffer) {
		buffer.u64(Elf64.DT_HASH).u64(this.hashSection.address);
		buffer.u64(Elf64.DT_STRTAB).u64(this.dynstr.address);
		buffer.u64(Elf64.DT_SYMTAB).u64(this.dynsym.address);
		buffer.u64(Elf64.DT_STRSZ).u64(this.dynstr.size);
		buffer.u64(Elf64.DT_SYMENT).u64(Elf64.SYM_SIZE);
		buffer.u64(Elf64.DT_NULL).u64(0);
	}

	// docs/stapsdt-elf.md §4.5
	private void writeText(LittleEndianBuffer buffer) {
		for (Function function : this.functions) {
			int slot = LittleEndianBuffer.alignTo(function.code().length, Elf64.TEXT_SLOT);
			buffer.bytes(function.code()).fill(this.architecture.padding(), slot - function.code().length);
		}
	}

	// docs/stapsdt-elf.md §4.9: the descriptor stays zero until the whole file can be hashed
	private void writeBuildIdNote(LittleEndianBuffer buffer) {
		noteHeader(buffer, Elf64.GNU_NOTE_OWNER, Elf64.BUILD_ID_SIZE, Elf64.NT_GNU_BUILD_ID);
		buffer.fill(0, Elf64.BUILD_ID_SIZE);
	}

	/** The first 8 bytes of the build-id {@link #toBytes} wrote into {@code bytes}, as hex. */
	String contentId(byte[] bytes) {
		int offset = buildIdDescriptorOffset();
		return HexFormat.of().formatHex(bytes, offset, offset + 8);
	}

	private int buildIdDescriptorOffset() {
		return this.buildId.offset + Elf64.NOTE_HEADER_SIZE + paddedOwnerSize(Elf64.GNU_NOTE_OWNER);
	}

	// docs/stapsdt-elf.md §5
	private void writeStapsdtNotes(LittleEndianBuffer buffer) {
		for (Probe probe : this.probes) {
			noteHeader(buffer, OWNER_STAPSDT, stapsdtDescriptorSize(probe), Elf64.NT_STAPSDT);
			buffer.u64(functionAddress(probe.function()));
			buffer.u64(this.stapsdtBase.address);
			buffer.u64(semaphoreAddress(probe.semaphore()));
			buffer.cString(probe.provider()).cString(probe.name()).cString(probe.arguments());
			buffer.align(Elf64.NOTE_ALIGN);
		}
	}

	private int stapsdtNotesSize() {
		int size = 0;
		for (Probe probe : this.probes) {
			size += noteSize(OWNER_STAPSDT, stapsdtDescriptorSize(probe));
		}
		return size;
	}

	/** {@code n_descsz}: the addresses and the three NUL-terminated strings, without padding. */
	private static int stapsdtDescriptorSize(Probe probe) {
		return STAPSDT_ADDRESS_FIELDS * Long.BYTES + cStringSize(probe.provider()) + cStringSize(probe.name())
				+ cStringSize(probe.arguments());
	}

	private static void noteHeader(LittleEndianBuffer buffer, String owner, int descriptorSize, int type) {
		buffer.u32(cStringSize(owner)).u32(descriptorSize).u32(type);
		buffer.cString(owner).align(Elf64.NOTE_ALIGN);
	}

	private static int noteSize(String owner, int descriptorSize) {
		return Elf64.NOTE_HEADER_SIZE + paddedOwnerSize(owner)
				+ LittleEndianBuffer.alignTo(descriptorSize, Elf64.NOTE_ALIGN);
	}

	private static int paddedOwnerSize(String owner) {
		return LittleEndianBuffer.alignTo(cStringSize(owner), Elf64.NOTE_ALIGN);
	}

	private static int cStringSize(String value) {
		return value.getBytes(StandardCharsets.UTF_8).length + 1;
	}

	/**
	 * The value of every exported symbol (its address relative to where the library is loaded, as
	 * {@code dlsym} would add it to the load address), functions first, in declaration order.
	 */
	Map<String, Long> symbolValues() {
		Map<String, Long> values = new LinkedHashMap<>();
		for (int i = 0; i < this.functions.size(); i++) {
			values.put(this.functions.get(i).symbol(), functionAddress(i));
		}
		for (int i = 0; i < this.semaphores.size(); i++) {
			values.put(this.semaphores.get(i), semaphoreAddress(i));
		}
		return values;
	}

	private long functionAddress(int function) {
		return this.text.address + this.functionOffsets[function];
	}

	private long semaphoreAddress(int semaphore) {
		return this.semaphoreSection.address + (long) semaphore * Elf64.SEMAPHORE_SIZE;
	}

	/**
	 * Skips the gap between the segments: three quarters of a small library, all zeros, which
	 * start-up would hash in the interpreter once per library (issue 19). The file stays as
	 * unique as its id: the gap's ends are in the program headers, which are hashed.
	 */
	private byte[] buildId(byte[] bytes) {
		int gapStart = segmentEnd(Segment.CODE);
		int gapEnd = this.dynamic.offset;
		try {
			MessageDigest sha1 = MessageDigest.getInstance(SHA_1);
			sha1.update(bytes, 0, gapStart);
			sha1.update(bytes, gapEnd, bytes.length - gapEnd);
			return sha1.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK provides " + SHA_1, ex);
		}
	}

}
