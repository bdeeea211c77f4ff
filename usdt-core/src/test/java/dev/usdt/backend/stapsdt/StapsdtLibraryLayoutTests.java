package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.usdt.backend.LittleEndianBuffer;
import dev.usdt.backend.stapsdt.ElfFileReader.DynamicEntry;
import dev.usdt.backend.stapsdt.ElfFileReader.ProgramHeader;
import dev.usdt.backend.stapsdt.ElfFileReader.SectionHeader;
import dev.usdt.backend.stapsdt.ElfFileReader.StapsdtNote;
import dev.usdt.backend.stapsdt.ElfFileReader.Symbol;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compares the writer's library for the spec's golden provider ({@code myprov}: {@code request(int64,
 * uint64)}, {@code tick(int64)}) with the reference object {@code lib_nop5.so}, which was traced by
 * tplist, bpftrace, gdb and perf (docs/stapsdt-elf.md §1.2). Allowed differences, each pinned exactly:
 * <ul>
 * <li>{@code tick} has a semaphore in ours (every probe gets one), so ours has a fifth symbol
 * {@code myprov_tick_semaphore}: {@code .hash} grows by 8 bytes, {@code .dynsym} by 24,
 * {@code .dynstr} by 22, which moves {@code .dynsym} to 0x1b0, {@code .dynstr} to 0x228,
 * {@code .text} to 0x280 and {@code .stapsdt.base} to 0x2a0; {@code .probes} holds 4 bytes; the
 * {@code tick} note names semaphore 0x11062;</li>
 * <li>the build-id descriptor (ours: the SHA-1 of the file with the descriptor zeroed).</li>
 * </ul>
 */
class StapsdtLibraryLayoutTests {

	private static final Path REFERENCE = Path.of("/work/shared/spec/reference/lib_nop5.so");

	private static final String EXTRA_SEMAPHORE = "myprov_tick_semaphore";

	/** Where ours differs from the reference because of the extra semaphore symbol. */
	private static final Map<String, Long> OUR_SHIFTED_OFFSETS = Map.of(".dynsym", 0x1b0L, ".dynstr", 0x228L, ".text",
			0x280L, ".stapsdt.base", 0x2a0L);

	private static final Map<String, Long> OUR_GROWN_SIZES = Map.of(".hash", 0x30L, ".dynsym", 0x78L, ".dynstr",
			0x4bL, ".probes", 0x4L);

	private ElfFileReader reference;

	private ElfFileReader ours;

	@BeforeEach
	void readBoth() throws IOException {
		assumeTrue(Files.isReadable(REFERENCE), "reference object " + REFERENCE + " is absent");
		this.reference = new ElfFileReader(Files.readAllBytes(REFERENCE));
		this.ours = new ElfFileReader(new StapsdtLibraryWriter(ElfArchitecture.X86_64).write(List.of(golden())));
	}

	static ProviderDefinition golden() {
		return ProviderDefinition.of("myprov", ProbeDefinition.of("request", ArgumentKind.INT64, ArgumentKind.UINT64),
				ProbeDefinition.of("tick", ArgumentKind.INT64));
	}

	@Test
	void fileHasTheReferenceSize() {
		assertThat(this.ours.bytes()).hasSize(this.reference.bytes().length).hasSize(5152);
	}

	@Test
	void elfHeaderIsIdentical() {
		assertThat(this.ours.range(0, 64)).isEqualTo(this.reference.range(0, 64));
		assertThat(HexFormat.of().formatHex(this.ours.range(0, 64))).isEqualTo("7f454c46020101000000000000000000"
				+ "03003e00010000000000000000000000" + "40000000000000006011000000000000"
				+ "0000000040003800050040000b000a00");
	}

	@Test
	void programHeadersDifferOnlyInTheSegmentSizesTheExtraSemaphoreGrows() {
		List<ProgramHeader> expected = new ArrayList<>(this.reference.programHeaders());
		ProgramHeader code = expected.get(0);
		ProgramHeader data = expected.get(1);
		assertThat(code.filesz()).isEqualTo(0x261);
		assertThat(data.filesz()).isEqualTo(0x62);
		expected.set(0, new ProgramHeader(code.type(), code.flags(), code.offset(), code.vaddr(), code.paddr(), 0x2a1,
				0x2a1, code.align()));
		expected.set(1, new ProgramHeader(data.type(), data.flags(), data.offset(), data.vaddr(), data.paddr(), 0x64,
				0x64, data.align()));
		assertThat(this.ours.programHeaders()).isEqualTo(expected);
	}

	@Test
	void programHeadersFollowTheSpecRules() {
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
	void sectionHeadersMatchExceptWhereTheExtraSemaphoreShiftsThem() {
		List<SectionHeader> referenceSections = this.reference.sections();
		List<SectionHeader> ourSections = this.ours.sections();
		assertThat(ourSections).extracting(SectionHeader::name)
			.containsExactly(".note.gnu.build-id", ".hash", ".dynsym", ".dynstr", ".text", ".stapsdt.base", ".dynamic",
					".probes", ".note.stapsdt", ".shstrtab");
		for (int i = 0; i < referenceSections.size(); i++) {
			SectionHeader theirs = referenceSections.get(i);
			long offset = OUR_SHIFTED_OFFSETS.getOrDefault(theirs.name(), theirs.offset());
			long addr = (theirs.addr() == theirs.offset()) ? offset : theirs.addr();
			long size = OUR_GROWN_SIZES.getOrDefault(theirs.name(), theirs.size());
			SectionHeader expected = new SectionHeader(theirs.index(), theirs.name(), theirs.type(), theirs.flags(),
					addr, offset, size, theirs.link(), theirs.info(), theirs.align(), theirs.entsize());
			assertThat(ourSections.get(i)).isEqualTo(expected);
		}
		assertThat(this.ours.sectionHeaderOffset()).isEqualTo(this.reference.sectionHeaderOffset());
	}

	@Test
	void sectionContentsWithoutSymbolsAreIdentical() {
		for (String name : List.of(".text", ".stapsdt.base", ".shstrtab")) {
			assertThat(this.ours.contents(name)).as(name).isEqualTo(this.reference.contents(name));
		}
		assertThat(HexFormat.of().formatHex(this.ours.contents(".text")))
			.isEqualTo("900f1f440000c3cccccccccccccccccc".repeat(2));
		assertThat(this.ours.contents(".probes")).containsExactly(0, 0, 0, 0);
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
	void hashTableOfTheReferenceSymbolsIsByteIdentical() {
		List<String> names = this.reference.dynamicSymbols().stream().skip(1).map(Symbol::name).toList();
		LittleEndianBuffer buffer = new LittleEndianBuffer();
		new SysvHashTable(names).writeTo(buffer);
		assertThat(buffer.toByteArray()).isEqualTo(this.reference.contents(".hash"));
	}

	@Test
	void dynamicSymbolsAreTheReferenceOnesPlusTheTickSemaphore() {
		List<Symbol> theirs = this.reference.dynamicSymbols();
		List<Symbol> ours = this.ours.dynamicSymbols();
		assertThat(ours).hasSize(theirs.size() + 1);
		assertThat(ours.get(0)).as("null symbol").isEqualTo(theirs.get(0));
		for (int i = 1; i < theirs.size(); i++) {
			Symbol expected = theirs.get(i);
			Symbol actual = ours.get(i);
			assertThat(actual.name()).isEqualTo(expected.name());
			assertThat(actual.info()).isEqualTo(expected.info());
			assertThat(actual.other()).isEqualTo(expected.other());
			assertThat(actual.size()).isEqualTo(expected.size());
			assertThat(actual.shndx()).isEqualTo(expected.shndx());
			assertThat(offsetInSection(this.ours, actual)).isEqualTo(offsetInSection(this.reference, expected));
		}
		Symbol extra = ours.get(theirs.size());
		assertThat(extra.name()).isEqualTo(EXTRA_SEMAPHORE);
		assertThat(extra.info()).isEqualTo(0x11);
		assertThat(extra.shndx()).isEqualTo(this.ours.section(".probes").index());
		assertThat(extra.value()).isEqualTo(0x11062);
		assertThat(extra.size()).isEqualTo(2);
	}

	@Test
	void dynamicStringsAreTheReferenceOnesPlusTheTickSemaphore() {
		byte[] theirs = this.reference.contents(".dynstr");
		byte[] ours = this.ours.contents(".dynstr");
		assertThat(Arrays.copyOf(ours, theirs.length)).isEqualTo(theirs);
		assertThat(new String(ours, theirs.length, ours.length - theirs.length)).isEqualTo(EXTRA_SEMAPHORE + "\0");
	}

	@Test
	void dynamicEntriesHaveTheReferenceTagsAndPointAtTheSameSections() {
		List<Long> tags = this.reference.dynamicEntries().stream().map(DynamicEntry::tag).toList();
		assertThat(this.ours.dynamicEntries()).extracting(DynamicEntry::tag).isEqualTo(tags).contains(11L);
		assertThat(this.ours.dynamicEntries()).containsExactly(
				new DynamicEntry(4, this.ours.section(".hash").addr()),
				new DynamicEntry(5, this.ours.section(".dynstr").addr()),
				new DynamicEntry(6, this.ours.section(".dynsym").addr()),
				new DynamicEntry(10, this.ours.section(".dynstr").size()), new DynamicEntry(11, 24),
				new DynamicEntry(0, 0));
	}

	@Test
	void stapsdtNotesMatchExceptTheTickSemaphore() {
		List<StapsdtNote> theirs = this.reference.stapsdtNotes();
		List<StapsdtNote> ours = this.ours.stapsdtNotes();
		long probes = this.ours.section(".probes").addr();
		long shift = this.ours.section(".text").addr() - this.reference.section(".text").addr();
		assertThat(ours).containsExactly(shifted(theirs.get(0), shift, probes),
				shifted(theirs.get(1), shift, probes + 2));
		assertThat(ours).allSatisfy((note) -> assertThat(note.base())
			.as("R3: base = .stapsdt.base").isEqualTo(this.ours.section(".stapsdt.base").addr()));
		assertThat(this.ours.notes(".note.stapsdt")).extracting((note) -> note.descriptor().length)
			.containsExactly(0x36, 0x2c);
		assertThat(this.ours.section(".note.stapsdt").offset() % 8).as("R9").isZero();
	}

	@Test
	void buildIdIsTheSha1OfTheFileWithTheIdZeroed() throws Exception {
		SectionHeader buildId = this.ours.section(".note.gnu.build-id");
		assertThat(this.ours.range(buildId.offset(), 16)).isEqualTo(this.reference.range(buildId.offset(), 16));
		byte[] zeroed = this.ours.bytes().clone();
		Arrays.fill(zeroed, (int) buildId.offset() + 16, (int) buildId.offset() + 36, (byte) 0);
		byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(zeroed);
		assertThat(this.ours.notes(".note.gnu.build-id").get(0).descriptor()).isEqualTo(sha1);
	}

	private static StapsdtNote shifted(StapsdtNote note, long shift, long semaphore) {
		return new StapsdtNote(note.pc() + shift, note.base() + shift, semaphore, note.provider(), note.name(),
				note.arguments());
	}

	private static long offsetInSection(ElfFileReader file, Symbol symbol) {
		return symbol.value() - file.section(symbol.shndx()).addr();
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
