package dev.usdt.backend.stapsdt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.usdt.backend.stapsdt.ElfFileReader.DynamicEntry;
import dev.usdt.backend.stapsdt.ElfFileReader.ProgramHeader;
import dev.usdt.backend.stapsdt.ElfFileReader.SectionHeader;
import dev.usdt.backend.stapsdt.ElfFileReader.StapsdtNote;
import dev.usdt.backend.stapsdt.ElfFileReader.Symbol;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the writer's library for a two-probe provider ({@code myprov}: {@code request(int64, uint64)},
 * {@code tick(int64)}) field by field: the layout docs/stapsdt-elf.md describes, with the rules
 * of docs/stapsdt-elf.md §0 checked one by one. That this layout is what the tracers need is checked by running
 * them: {@link StapsdtLibraryRealToolsTests} (readelf, eu-elflint, tplist, gdb, bpftrace) and the
 * bpftrace and gdb end-to-end tests.
 */
class StapsdtLibraryLayoutTests {

	private static final long R = 4;

	private static final long RX = 5;

	private static final long RW = 6;

	private ElfFileReader ours;

	@BeforeEach
	void write() {
		this.ours = new ElfFileReader(new StapsdtLibraryWriter(ElfArchitecture.X86_64).write(List.of(golden())));
	}

	static ProviderDefinition golden() {
		return ProviderDefinition.of("myprov", ProbeDefinition.of("request", ArgumentKind.INT64, ArgumentKind.UINT64),
				ProbeDefinition.of("tick", ArgumentKind.INT64));
	}

	@Test
	void fileEndsWithElevenSectionHeaders() {
		assertThat(this.ours.sectionHeaderOffset()).isEqualTo(0x1160);
		assertThat(this.ours.bytes()).hasSize(0x1160 + 11 * 64).hasSize(5152);
	}

	@Test
	void elfHeaderIsPinned() {
		assertThat(HexFormat.of().formatHex(this.ours.range(0, 64))).isEqualTo("7f454c46020101000000000000000000"
				+ "03003e00010000000000000000000000" + "40000000000000006011000000000000"
				+ "0000000040003800050040000b000a00");
	}

	@Test
	void programHeadersArePinned() {
		assertThat(this.ours.programHeaders()).containsExactly(
				new ProgramHeader(1, RX, 0, 0, 0, 0x2a1, 0x2a1, 0x10000),
				new ProgramHeader(1, RW, 0x1000, 0x11000, 0x11000, 0x64, 0x64, 0x10000),
				new ProgramHeader(2, RW, 0x1000, 0x11000, 0x11000, 0x60, 0x60, 8),
				new ProgramHeader(0x6474e551L, RW, 0, 0, 0, 0, 0, 16),
				new ProgramHeader(4, R, 0x158, 0x158, 0x158, 0x24, 0x24, 4));
	}

	@Test
	void programHeadersFollowTheRules() {
		List<ProgramHeader> headers = this.ours.programHeaders();
		assertThat(headers).extracting(ProgramHeader::type)
			.containsExactly(1L /* LOAD */, 1L, 2L /* DYNAMIC */, 0x6474e551L /* GNU_STACK, R4 */, 4L /* NOTE, R10 */);
		assertThat(headers).extracting(ProgramHeader::flags).containsExactly(5L, 6L, 6L, 6L, 4L);
		assertThat(headers.get(0).filesz()).as("R+X ends with .stapsdt.base (R3)")
			.isEqualTo(this.ours.section(".stapsdt.base").offset() + 1);
		SectionHeader probes = this.ours.section(".probes");
		assertThat(headers.get(1).offset() + headers.get(1).filesz()).as("semaphores inside p_filesz (R6)")
			.isEqualTo(probes.offset() + probes.size());
	}

	@Test
	void sectionHeadersArePinnedInTheOrderOfTheRules() {
		// the null section header is all zero and not listed
		long alloc = 2;
		long allocExec = 6;
		long allocWrite = 3;
		assertThat(this.ours.sections()).containsExactly(
				new SectionHeader(1, ".note.gnu.build-id", 7, alloc, 0x158, 0x158, 0x24, 0, 0, 4, 0),
				new SectionHeader(2, ".hash", 5, alloc, 0x180, 0x180, 0x30, 3, 0, 8, 4),
				new SectionHeader(3, ".dynsym", 11, alloc, 0x1b0, 0x1b0, 0x78, 4, 1, 8, 24),
				new SectionHeader(4, ".dynstr", 3, alloc, 0x228, 0x228, 0x4b, 0, 0, 1, 0),
				new SectionHeader(5, ".text", 1, allocExec, 0x280, 0x280, 0x20, 0, 0, 16, 0),
				new SectionHeader(6, ".stapsdt.base", 1, alloc, 0x2a0, 0x2a0, 1, 0, 0, 1, 0),
				new SectionHeader(7, ".dynamic", 6, allocWrite, 0x11000, 0x1000, 0x60, 4, 0, 8, 16),
				new SectionHeader(8, ".probes", 1, allocWrite, 0x11060, 0x1060, 4, 0, 0, 2, 0),
				new SectionHeader(9, ".note.stapsdt", 7, 0, 0, 0x1068, 0x8c, 0, 0, 4, 0),
				new SectionHeader(10, ".shstrtab", 3, 0, 0, 0x10f4, 0x67, 0, 0, 1, 0));
	}

	@Test
	void sectionContentsArePinned() {
		assertThat(HexFormat.of().formatHex(this.ours.contents(".text")))
			.isEqualTo("900f1f440000c3cccccccccccccccccc".repeat(2));
		assertThat(this.ours.contents(".stapsdt.base")).containsExactly(0);
		assertThat(this.ours.contents(".probes")).containsExactly(0, 0, 0, 0);
		assertThat(new String(this.ours.contents(".shstrtab"), StandardCharsets.US_ASCII)).isEqualTo(
				"\0.note.gnu.build-id\0.hash\0.dynsym\0.dynstr\0.text\0.stapsdt.base\0.dynamic\0.probes\0.note.stapsdt\0.shstrtab\0");
	}

	@Test
	void hashHasOneChainEntryPerSymbolAndFindsEverySymbol() {
		byte[] hash = this.ours.contents(".hash");
		int nbucket = (int) this.ours.u32(this.ours.section(".hash").offset());
		int nchain = (int) this.ours.u32(this.ours.section(".hash").offset() + 4);
		assertThat(nchain).as("R8: nchain = .dynsym entries").isEqualTo(this.ours.dynamicSymbols().size()).isEqualTo(5);
		assertThat(nbucket).isEqualTo(5);
		List<Symbol> symbols = this.ours.dynamicSymbols();
		for (int i = 1; i < symbols.size(); i++) {
			assertThat(lookUp(hash, symbols, symbols.get(i).name())).isEqualTo(i);
		}
	}

	@Test
	void elfHashIsTheGabiFunction() {
		assertThat(SysvHashTable.elfHash("myprov_request")).isEqualTo(0x08b1d194);
		assertThat(SysvHashTable.elfHash("myprov_tick")).isEqualTo(0x06d3a80b);
		assertThat(SysvHashTable.elfHash("myprov_request_semaphore")).isEqualTo(0x02144ef5);
	}

	@Test
	void dynamicSymbolsAreTheStubsThenTheSemaphores() {
		int text = 5;
		int probes = 8;
		assertThat(this.ours.dynamicSymbols()).containsExactly(new Symbol("", 0, 0, 0, 0, 0),
				new Symbol("myprov_request", 0x12, 0, text, 0x280, 7), new Symbol("myprov_tick", 0x12, 0, text, 0x290, 7),
				new Symbol("myprov_request_semaphore", 0x11, 0, probes, 0x11060, 2),
				new Symbol("myprov_tick_semaphore", 0x11, 0, probes, 0x11062, 2));
		assertThat(new String(this.ours.contents(".dynstr"), StandardCharsets.US_ASCII))
			.isEqualTo("\0myprov_request\0myprov_tick\0myprov_request_semaphore\0myprov_tick_semaphore\0");
	}

	@Test
	void dynamicEntriesPointAtTheSectionsAndIncludeSyment() {
		assertThat(this.ours.dynamicEntries()).containsExactly(
				new DynamicEntry(4, this.ours.section(".hash").addr()),
				new DynamicEntry(5, this.ours.section(".dynstr").addr()),
				new DynamicEntry(6, this.ours.section(".dynsym").addr()),
				new DynamicEntry(10, this.ours.section(".dynstr").size()), new DynamicEntry(11, 24),
				new DynamicEntry(0, 0));
	}

	@Test
	void stapsdtNotesArePinned() {
		List<StapsdtNote> ours = this.ours.stapsdtNotes();
		assertThat(ours).containsExactly(new StapsdtNote(0x280, 0x2a0, 0x11060, "myprov", "request", "-8@%rdi 8@%rsi"),
				new StapsdtNote(0x290, 0x2a0, 0x11062, "myprov", "tick", "-8@%rdi"));
		assertThat(ours).allSatisfy((note) -> assertThat(note.base())
			.as("R3: base = .stapsdt.base").isEqualTo(this.ours.section(".stapsdt.base").addr()));
		assertThat(this.ours.notes(".note.stapsdt")).extracting((note) -> note.descriptor().length)
			.containsExactly(0x36, 0x2c);
		assertThat(this.ours.section(".note.stapsdt").offset() % 8).as("R9").isZero();
	}

	@Test
	void buildIdIsTheSha1OfTheFileWithTheIdZeroedLessTheZerosBetweenTheLoads() throws Exception {
		SectionHeader buildId = this.ours.section(".note.gnu.build-id");
		assertThat(HexFormat.of().formatHex(this.ours.range(buildId.offset(), 16)))
			.as("namesz 4, descsz 20, NT_GNU_BUILD_ID, GNU").isEqualTo("040000001400000003000000474e5500");
		byte[] zeroed = this.ours.bytes().clone();
		Arrays.fill(zeroed, (int) buildId.offset() + 16, (int) buildId.offset() + 36, (byte) 0);
		List<ProgramHeader> loads = this.ours.programHeaders()
			.stream()
			.filter((header) -> header.type() == Elf64.PT_LOAD)
			.toList();
		int gapStart = (int) (loads.get(0).offset() + loads.get(0).filesz());
		int gapEnd = (int) loads.get(1).offset();
		assertThat(gapEnd - gapStart).as("the page alignment of the R+W load").isGreaterThan(0xd00);
		assertThat(Arrays.copyOfRange(zeroed, gapStart, gapEnd)).containsOnly(0);
		MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
		sha1.update(zeroed, 0, gapStart);
		sha1.update(zeroed, gapEnd, zeroed.length - gapEnd);
		assertThat(this.ours.notes(".note.gnu.build-id").get(0).descriptor()).isEqualTo(sha1.digest());
	}

	/** The gABI lookup: start at bucket[hash % nbucket] and follow chain[] until the name matches. */
	private static int lookUp(byte[] hash, List<Symbol> symbols, String name) {
		ElfFileReader table = new ElfFileReader(hash);
		int nbucket = (int) table.u32(0);
		int index = (int) table.u32(8 + 4L * Integer.remainderUnsigned(SysvHashTable.elfHash(name), nbucket));
		while (index != 0 && !symbols.get(index).name().equals(name)) {
			index = (int) table.u32(8 + 4L * nbucket + 4L * index);
		}
		return index;
	}

}
