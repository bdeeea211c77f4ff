package dev.usdt.backend.stapsdt;

/**
 * The ELF64 values the stapsdt library writer emits, named as in the gABI so the layout code reads
 * like docs/stapsdt-elf.md (cited by section; R1-R14 are the rules in docs/stapsdt-elf.md §0).
 */
final class Elf64 {

	// docs/stapsdt-elf.md §2 ELF header

	/** {@code \x7fELF}, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV, ABI version 0. */
	static final byte[] IDENT_PREFIX = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0 };

	static final int IDENT_SIZE = 16;

	static final int ET_DYN = 3;

	static final int EM_X86_64 = 62;

	static final int EM_AARCH64 = 183;

	static final int EV_CURRENT = 1;

	static final int EHDR_SIZE = 64;

	// docs/stapsdt-elf.md §3 program headers

	static final int PHDR_SIZE = 56;

	static final int PT_LOAD = 1;

	static final int PT_DYNAMIC = 2;

	static final int PT_NOTE = 4;

	static final int PT_GNU_STACK = 0x6474e551;

	static final int PF_X = 1;

	static final int PF_W = 2;

	static final int PF_R = 4;

	/** Segment alignment valid for 4 KiB and 64 KiB page kernels (docs/stapsdt-elf.md §3). */
	static final int SEGMENT_ALIGN = 0x10000;

	/** The R+W segment starts on its own file page (docs/stapsdt-elf.md §1.1: round_up(end of segment 0, 0x1000)). */
	static final int FILE_PAGE = 0x1000;

	/** R+W vaddr = file offset + this bias, so R+X and R+W never share a page (docs/stapsdt-elf.md §1.1 address rule). */
	static final int RW_VADDR_BIAS = 0x10000;

	static final int DYNAMIC_SEGMENT_ALIGN = 8;

	static final int GNU_STACK_ALIGN = 16;

	static final int NOTE_SEGMENT_ALIGN = 4;

	// docs/stapsdt-elf.md §4.1 section headers

	static final int SHDR_SIZE = 64;

	static final int SHT_NULL = 0;

	static final int SHT_PROGBITS = 1;

	static final int SHT_STRTAB = 3;

	static final int SHT_HASH = 5;

	static final int SHT_DYNAMIC = 6;

	static final int SHT_NOTE = 7;

	static final int SHT_DYNSYM = 11;

	static final int SHF_WRITE = 1;

	static final int SHF_ALLOC = 2;

	static final int SHF_EXECINSTR = 4;

	// docs/stapsdt-elf.md §4.2 .dynsym

	static final int SYM_SIZE = 24;

	static final int STB_GLOBAL = 1;

	static final int STT_OBJECT = 1;

	static final int STT_FUNC = 2;

	static final int ST_BIND_SHIFT = 4;

	/** {@code sh_info} of {@code .dynsym}: only the null symbol is local. */
	static final int FIRST_GLOBAL_SYMBOL = 1;

	static final int SYMTAB_ALIGN = 8;

	// docs/stapsdt-elf.md §4.3 .hash

	static final int HASH_WORD_SIZE = 4;

	/** nbucket and nchain precede the buckets. */
	static final int HASH_HEADER_WORDS = 2;

	// docs/stapsdt-elf.md §4.4 .dynamic

	static final int DYN_SIZE = 16;

	static final int DT_NULL = 0;

	static final int DT_HASH = 4;

	static final int DT_STRTAB = 5;

	static final int DT_SYMTAB = 6;

	static final int DT_STRSZ = 10;

	static final int DT_SYMENT = 11;

	// docs/stapsdt-elf.md §4.5 .text

	/** Every function starts a 16-byte slot. */
	static final int TEXT_SLOT = 16;

	// docs/stapsdt-elf.md §4.7 .probes

	/** One unsigned 16-bit counter per probe. */
	static final int SEMAPHORE_SIZE = 2;

	// docs/stapsdt-elf.md §4.8, §4.9, §5 notes

	/** Notes are 4-byte aligned (R9). */
	static final int NOTE_ALIGN = 4;

	/** The recommended file alignment of {@code .note.stapsdt} (docs/stapsdt-elf.md §0 R9: a multiple of 4; 8 is safe for readers that assume 8). */
	static final int NOTE_SECTION_FILE_ALIGN = 8;

	static final int NOTE_HEADER_SIZE = 12;

	static final String STAPSDT_NOTE_OWNER = "stapsdt";

	static final int NT_STAPSDT = 3;

	static final String GNU_NOTE_OWNER = "GNU";

	static final int NT_GNU_BUILD_ID = 3;

	/** A SHA-1 digest. */
	static final int BUILD_ID_SIZE = 20;

	/** The {@code .stapsdt.base} section is one zero byte (docs/stapsdt-elf.md §4.6). */
	static final int STAPSDT_BASE_SIZE = 1;

	private Elf64() {
	}

}
