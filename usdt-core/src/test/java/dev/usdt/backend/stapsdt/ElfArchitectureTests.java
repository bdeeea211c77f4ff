package dev.usdt.backend.stapsdt;

import java.util.HexFormat;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ElfArchitectureTests {

	@Test
	void osArchNamesMapToTheSupportedArchitectures() {
		assertThat(ElfArchitecture.fromOsArch("amd64")).contains(ElfArchitecture.X86_64);
		assertThat(ElfArchitecture.fromOsArch("x86_64")).contains(ElfArchitecture.X86_64);
		assertThat(ElfArchitecture.fromOsArch("aarch64")).contains(ElfArchitecture.AARCH64);
		assertThat(ElfArchitecture.fromOsArch("arm64")).contains(ElfArchitecture.AARCH64);
		assertThat(ElfArchitecture.fromOsArch("ppc64le")).isEmpty();
		assertThat(ElfArchitecture.fromOsArch("x86")).isEmpty();
	}

	@Test
	void currentIsTheArchitectureOfThisJvm() {
		assertThat(ElfArchitecture.current()).isEqualTo(ElfArchitecture.fromOsArch(System.getProperty("os.arch")));
	}

	@Test
	void parseAcceptsTheDisplayNames() {
		assertThat(ElfArchitecture.parse("x86_64")).isEqualTo(ElfArchitecture.X86_64);
		assertThat(ElfArchitecture.parse("aarch64")).isEqualTo(ElfArchitecture.AARCH64);
		assertThat(ElfArchitecture.X86_64).hasToString("x86_64");
	}

	@Test
	void parseRejectsOtherNamesSayingWhatIsSupported() {
		assertThatIllegalArgumentException().isThrownBy(() -> ElfArchitecture.parse("riscv64"))
			.withMessageContaining("riscv64")
			.withMessageContaining("x86_64 or aarch64");
	}

	@Test
	void machinesAreTheElfValues() {
		assertThat(ElfArchitecture.X86_64.machine()).isEqualTo(62);
		assertThat(ElfArchitecture.AARCH64.machine()).isEqualTo(183);
	}

	@Test
	void argumentsLiveInTheFullWidthAbiRegisters() {
		assertThat(IntStream.range(0, 6).mapToObj(ElfArchitecture.X86_64::argumentLocation))
			.containsExactly("%rdi", "%rsi", "%rdx", "%rcx", "%r8", "%r9");
		assertThat(IntStream.range(0, 6).mapToObj(ElfArchitecture.AARCH64::argumentLocation))
			.containsExactly("x0", "x1", "x2", "x3", "x4", "x5");
		assertThatIllegalArgumentException().isThrownBy(() -> ElfArchitecture.X86_64.argumentLocation(6))
			.withMessageContaining("at most 6");
	}

	@Test
	void x86ProbeStubIsTheNopNop5RetForm() {
		assertThat(HexFormat.of().formatHex(ElfArchitecture.X86_64.probeStub())).isEqualTo("900f1f440000c3");
		assertThat(ElfArchitecture.X86_64.padding()).isEqualTo((byte) 0xcc);
	}

	@Test
	void aarch64ProbeStubIsNopRet() {
		assertThat(HexFormat.of().formatHex(ElfArchitecture.AARCH64.probeStub())).isEqualTo("1f2003d5c0035fd6");
		assertThat(ElfArchitecture.AARCH64.padding()).isZero();
	}

	@Test
	void x86TrampolineShiftsTheArgumentsAndJumps() {
		assertThat(HexFormat.of().formatHex(ElfArchitecture.X86_64.callStubTrampoline()))
			.isEqualTo("4889f8" + "4889f7" + "4889d6" + "4889ca" + "4c89c1" + "4d89c8" + "4c8b4c2408" + "ffe0");
	}

	@Test
	void aarch64TrampolineShiftsTheArgumentsAndBranchesThroughX16() {
		// objdump: mov x16,x0; mov x0,x1; ... mov x5,x6; br x16 (little-endian words)
		assertThat(HexFormat.of().formatHex(ElfArchitecture.AARCH64.callStubTrampoline())).isEqualTo(
				"f00300aa" + "e00301aa" + "e10302aa" + "e20303aa" + "e30304aa" + "e40305aa" + "e50306aa" + "00021fd6");
	}

	@Test
	void codeIsCopiedSoCallersCannotCorruptIt() {
		ElfArchitecture.X86_64.probeStub()[0] = 0;
		assertThat(ElfArchitecture.X86_64.probeStub()[0]).isEqualTo((byte) 0x90);
	}

}
