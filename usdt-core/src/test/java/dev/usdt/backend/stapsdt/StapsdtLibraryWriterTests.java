package dev.usdt.backend.stapsdt;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.usdt.backend.stapsdt.ElfFileReader.StapsdtNote;
import dev.usdt.backend.stapsdt.ElfFileReader.Symbol;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class StapsdtLibraryWriterTests {

	private final StapsdtLibraryWriter x86 = new StapsdtLibraryWriter(ElfArchitecture.X86_64);

	private final StapsdtLibraryWriter aarch64 = new StapsdtLibraryWriter(ElfArchitecture.AARCH64);

	@Test
	void symbolNamesFollowTheDtraceConvention() {
		assertThat(StapsdtLibraryWriter.stubSymbol("shop", "order__placed")).isEqualTo("shop_order__placed");
		assertThat(StapsdtLibraryWriter.semaphoreSymbol("shop", "order__placed"))
			.isEqualTo("shop_order__placed_semaphore");
	}

	@Test
	void argumentStringsGiveEveryKindItsSizeAndSignednessInFullWidthRegisters() {
		ProbeDefinition probe = ProbeDefinition.of("all", ArgumentKind.INT8, ArgumentKind.UINT8, ArgumentKind.INT16,
				ArgumentKind.UINT16, ArgumentKind.INT32, ArgumentKind.UINT32);
		assertThat(this.x86.argumentString(probe)).isEqualTo("-1@%rdi 1@%rsi -2@%rdx 2@%rcx -4@%r8 4@%r9");
		assertThat(this.aarch64.argumentString(probe)).isEqualTo("-1@x0 1@x1 -2@x2 2@x3 -4@x4 4@x5");
		ProbeDefinition wide = ProbeDefinition.of("wide", ArgumentKind.INT64, ArgumentKind.UINT64, ArgumentKind.STRING,
				ArgumentKind.POINTER);
		assertThat(this.x86.argumentString(wide)).isEqualTo("-8@%rdi 8@%rsi 8@%rdx 8@%rcx");
		assertThat(this.aarch64.argumentString(wide)).isEqualTo("-8@x0 8@x1 8@x2 8@x3");
	}

	@Test
	void probeWithoutArgumentsHasAnEmptyArgumentString() {
		ElfFileReader file = read(this.x86, ProviderDefinition.of("app", ProbeDefinition.of("started")));
		assertThat(file.stapsdtNotes()).singleElement().extracting(StapsdtNote::arguments).isEqualTo("");
	}

	@Test
	void namesAreWrittenAsDeclared() {
		ElfFileReader file = read(this.x86, ProviderDefinition.of("shop", ProbeDefinition.of("order__placed")));
		assertThat(file.stapsdtNotes()).singleElement()
			.satisfies((note) -> assertThat(note.provider() + ":" + note.name()).isEqualTo("shop:order__placed"));
	}

	@Test
	void probesWithMoreThanSixArgumentsAreLeftOut() {
		ArgumentKind[] seven = new ArgumentKind[7];
		java.util.Arrays.fill(seven, ArgumentKind.INT64);
		ElfFileReader file = read(this.x86, ProviderDefinition.of("app", ProbeDefinition.of("first"),
				ProbeDefinition.of("tooMany", seven), ProbeDefinition.of("last", ArgumentKind.UINT8)));
		assertThat(file.stapsdtNotes()).extracting(StapsdtNote::name).containsExactly("first", "last");
		assertThat(file.dynamicSymbols()).extracting(Symbol::name)
			.containsExactly("", "app_first", "app_last", "app_first_semaphore", "app_last_semaphore");
	}

	@Test
	void everyProbeHasASemaphoreContiguousInDeclarationOrderAcrossProviders() {
		ElfFileReader file = read(this.x86,
				ProviderDefinition.of("one", ProbeDefinition.of("a"), ProbeDefinition.of("b", ArgumentKind.STRING)),
				ProviderDefinition.of("two", ProbeDefinition.of("c", ArgumentKind.INT32)));
		long probes = file.section(".probes").addr();
		assertThat(file.stapsdtNotes()).extracting(StapsdtNote::semaphore)
			.containsExactly(probes, probes + 2, probes + 4);
		assertThat(file.dynamicSymbols()).filteredOn((symbol) -> symbol.name().endsWith("_semaphore"))
			.extracting(Symbol::name, Symbol::value)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("one_a_semaphore", probes),
					org.assertj.core.groups.Tuple.tuple("one_b_semaphore", probes + 2),
					org.assertj.core.groups.Tuple.tuple("two_c_semaphore", probes + 4));
		assertThat(file.section(".probes").size()).isEqualTo(6);
	}

	@Test
	void stubsAreSixteenByteSlotsAndNotesPointAtThem() {
		ElfFileReader file = read(this.aarch64, ProviderDefinition.of("p", ProbeDefinition.of("a"),
				ProbeDefinition.of("b", ArgumentKind.INT64)));
		long text = file.section(".text").addr();
		assertThat(file.stapsdtNotes()).extracting(StapsdtNote::pc).containsExactly(text, text + 16);
		assertThat(file.stapsdtNotes()).extracting(StapsdtNote::arguments).containsExactly("", "-8@x0");
		assertThat(file.u16(18)).as("e_machine").isEqualTo(183);
		assertThat(file.contents(".text")).hasSize(32);
	}

	@Test
	void imageNamesTheValueOfEverySymbolTheFileExports() {
		for (LibraryImage image : List.of(this.x86.image(List.of(StapsdtLibraryLayoutTests.golden())),
				this.x86.trampolineImage(), new StapsdtLibraryWriter(ElfArchitecture.AARCH64).trampolineImage())) {
			List<Symbol> exported = new ElfFileReader(image.content()).dynamicSymbols().subList(1, image.symbols().size() + 1);
			assertThat(exported).hasSize(image.symbols().size())
				.allSatisfy((symbol) -> assertThat(image.symbols()).containsEntry(symbol.name(), symbol.value()));
		}
	}

	@Test
	void outputIsDeterministic() {
		ProviderDefinition provider = StapsdtLibraryLayoutTests.golden();
		assertThat(this.x86.write(List.of(provider))).isEqualTo(this.x86.write(List.of(provider)));
	}

	@Test
	void trampolineLibraryExportsTheTrampolinesANoopAndTheJniSystemCallsAndHasNoProbes() {
		ElfFileReader file = new ElfFileReader(this.x86.writeTrampolineLibrary());
		assertThat(file.dynamicSymbols()).extracting(Symbol::name)
			.containsExactly("", "usdt_call_stub", "Java_dev_usdt_nativeaccess_JniStubCaller_invoke", "usdt_noop",
					"Java_dev_usdt_nativeaccess_JniCalls_open", "Java_dev_usdt_nativeaccess_JniCalls_flock",
					"Java_dev_usdt_nativeaccess_JniCalls_fchmod", "Java_dev_usdt_nativeaccess_JniCalls_close",
					"Java_dev_usdt_nativeaccess_JniCalls_directBuffer");
		assertThat(file.dynamicSymbols().get(1).size()).isEqualTo(ElfArchitecture.X86_64.callStubTrampoline().length);
		assertThat(file.dynamicSymbols().get(2).size())
			.isEqualTo(ElfArchitecture.X86_64.jniCallStubTrampoline().length);
		assertThat(file.sections()).extracting(ElfFileReader.SectionHeader::name)
			.containsExactly(".note.gnu.build-id", ".hash", ".dynsym", ".dynstr", ".text", ".dynamic", ".shstrtab");
		assertThat(file.programHeaders()).extracting(ElfFileReader.ProgramHeader::type)
			.contains(0x6474e551L, 4L);
	}

	@Test
	void emptyProviderListIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.x86.write(List.of()))
			.withMessageContaining("At least one provider");
		assertThatNullPointerException().isThrownBy(() -> this.x86.write(null));
	}

	@Test
	void providerNameMustBeAnIdentifier() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.x86.write(List.of(ProviderDefinition.of("my-prov", ProbeDefinition.of("a")))))
			.withMessageContaining("Provider name 'my-prov' is not an identifier");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.x86.write(List.of(ProviderDefinition.of("9lives", ProbeDefinition.of("a")))))
			.withMessageContaining("'9lives'");
	}

	@Test
	void probeNameMustBeAnIdentifier() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.x86.write(List.of(ProviderDefinition.of("app", ProbeDefinition.of("a b")))))
			.withMessageContaining("Probe name 'a b' is not an identifier");
	}

	@Test
	void probesThatWouldShareASymbolAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.x86.write(List.of(ProviderDefinition.of("a_b", ProbeDefinition.of("c")),
					ProviderDefinition.of("a", ProbeDefinition.of("b_c")))))
			.withMessageContaining("a:b_c needs the symbol 'a_b_c'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.x86.write(List.of(ProviderDefinition.of("p", ProbeDefinition.of("x"),
					ProbeDefinition.of("x_semaphore")))))
			.withMessageContaining("'p_x_semaphore'");
	}

	@Test
	void architectureIsRequired() {
		assertThatNullPointerException().isThrownBy(() -> new StapsdtLibraryWriter(null))
			.withMessage("architecture");
	}

	private static ElfFileReader read(StapsdtLibraryWriter writer, ProviderDefinition... providers) {
		return new ElfFileReader(writer.write(List.of(providers)));
	}

}
