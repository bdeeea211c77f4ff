package dev.usdt.backend.dtrace;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.usdt.backend.dtrace.DtraceImage.PlacedProbe;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Layouts per target, decoded by the independent {@link DofReader}. */
class DtraceImageTests {

	static final long BASE = 0x7f0000001000L;

	static final ProviderDefinition ORDERS = ProviderDefinition.of("orders",
			ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.UINT64),
			ProbeDefinition.of("tick"));

	static final ProviderDefinition CACHE = ProviderDefinition.of("cache",
			ProbeDefinition.of("miss", ArgumentKind.INT32));

	@ParameterizedTest
	@EnumSource(value = DtraceOs.class, names = { "ILLUMOS", "FREEBSD", "LINUX" })
	void readerListsTheSitesTheLayoutReports(DtraceOs os) {
		DtraceImage image = DtraceImage.layout(List.of(ORDERS, CACHE), os, DtraceArch.X86_64, BASE);
		DofReader.Verdict verdict = DofReader.check(image.dof());
		assertThat(verdict.line()).isEqualTo("ACCEPTED");
		assertThat(verdict.providers()).extracting(DofReader.Provider::name).containsExactly("orders", "cache");
		List<DofReader.Probe> probes = verdict.providers().stream().flatMap((p) -> p.probes().stream()).toList();
		assertThat(probes).extracting(DofReader.Probe::name).containsExactly("order-placed", "tick", "miss");
		for (int i = 0; i < probes.size(); i++) {
			PlacedProbe placed = image.probes().get(i);
			assertThat(probes.get(i).sites()).containsExactly(placed.probeSite());
			// Oracle Linux (v3) turns is-enabled offsets into tracepoints; v2 kernels use them as rax sites
			assertThat(probes.get(i).enabledSites())
				.isEqualTo((os == DtraceOs.LINUX) ? List.of(placed.enabledSite()) : List.of());
		}
		assertThat(probes.get(0).argumentTypes()).containsExactly("char *", "uint64_t");
		assertThat(image.dof()[6]).isEqualTo((byte) os.dofVersion());
	}

	@Test
	void stubsFollowEachOtherFromTheBase() {
		DtraceImage image = DtraceImage.layout(List.of(ORDERS, CACHE), DtraceOs.ILLUMOS, DtraceArch.X86_64, BASE);
		assertThat(image.probes()).extracting(PlacedProbe::probeSite)
			.containsExactly(BASE + 0x13, BASE + 0x20 + 0x13, BASE + 0x40 + 0x13);
		assertThat(image.probes()).extracting(PlacedProbe::enabledSite).containsExactly(BASE, BASE + 0x20, BASE + 0x40);
		assertThat(image.stubs()).hasSize(3 * ProbeStub.SIZE);
		assertThat(image.dofAddress()).isEqualTo(BASE - DtraceImage.REGION_ALIGNMENT);
		byte[] region = image.region();
		assertThat(Arrays.copyOf(region, image.dof().length)).isEqualTo(image.dof());
		assertThat(Arrays.copyOfRange(region, image.stubOffset(), region.length)).isEqualTo(image.stubs());
	}

	@Test
	void returnValueStubHasXorAtTheIsEnabledSiteAndNopAtTheProbeSite() {
		byte[] code = ProbeStub.forTarget(DtraceOs.FREEBSD, DtraceArch.X86_64).code();
		assertThat(Arrays.copyOfRange(code, 0, 3)).containsExactly(0x48, 0x31, 0xC0);
		assertThat(code[0x13]).isEqualTo((byte) 0x90);
		assertThat(Arrays.copyOfRange(code, 0x10, 0x13)).containsExactly(0x0F, 0x1F, 0x00);
	}

	@Test
	void macosStubCopiesArgumentThreeIntoR10BeforeTheProbeSite() {
		byte[] code = ProbeStub.forTarget(DtraceOs.MACOS, DtraceArch.X86_64).code();
		assertThat(Arrays.copyOfRange(code, 0x10, 0x14)).containsExactly(0x49, 0x89, 0xCA, 0x90);
	}

	@Test
	void linuxStubPassesAZeroedFlagInRdiToTheIsEnabledSite() {
		ProbeStub stub = ProbeStub.forTarget(DtraceOs.LINUX, DtraceArch.X86_64);
		byte[] code = stub.code();
		assertThat(Arrays.copyOfRange(code, 0x0B, 0x0F)).containsExactly(0x48, 0x89, 0xE7, 0x90);
		assertThat(stub.enabledSite()).isEqualTo(0x0E);
		assertThat(code[stub.probeSite()]).isEqualTo((byte) 0x90);
	}

	@Test
	void macosOffsetsAreRelativeToTheDofWithXnuCorrections() {
		DtraceImage image = DtraceImage.layout(List.of(ORDERS), DtraceOs.MACOS, DtraceArch.X86_64, BASE);
		DofReader.Verdict verdict = DofReader.check(image.dof());
		assertThat(verdict.line()).isEqualTo("ACCEPTED");
		DofReader.Probe probe = verdict.providers().get(0).probes().get(0);
		PlacedProbe placed = image.probes().get(0);
		assertThat(probe.address()).isEqualTo(image.dofAddress());
		// xnu: probe pc = base + off - 1, is-enabled pc = base + enoff + 2 (docs/dof.md §7)
		assertThat(probe.sites()).containsExactly(placed.probeSite() + 1);
		assertThat(probe.enabledSites()).containsExactly(placed.enabledSite() - 2);
		assertThat(image.dof()[6]).isEqualTo((byte) 3);
	}

	@Test
	void macosArm64OffsetsPointAtTheSites() {
		DtraceImage image = DtraceImage.layout(List.of(ORDERS), DtraceOs.MACOS, DtraceArch.AARCH64, BASE);
		DofReader.Probe probe = DofReader.check(image.dof()).providers().get(0).probes().get(0);
		assertThat(probe.sites()).containsExactly(image.probes().get(0).probeSite());
		assertThat(probe.enabledSites()).containsExactly(image.probes().get(0).enabledSite());
		byte[] code = ProbeStub.forTarget(DtraceOs.MACOS, DtraceArch.AARCH64).code();
		assertThat(Arrays.copyOfRange(code, 0, 8)).containsExactly(0x00, 0x00, 0x80, 0xD2, 0xC0, 0x03, 0x5F, 0xD6);
	}

	@Test
	void targetWithoutSpecifiedStubsIsRefusedWithAReason() {
		assertThatExceptionOfType(DofException.class)
			.isThrownBy(() -> DtraceImage.layout(List.of(ORDERS), DtraceOs.ILLUMOS, DtraceArch.AARCH64, BASE))
			.withMessageContaining("illumos on aarch64");
		assertThatExceptionOfType(DofException.class)
			.isThrownBy(() -> DtraceImage.layout(List.of(ORDERS), DtraceOs.LINUX, DtraceArch.AARCH64, BASE))
			.withMessageContaining("argument-driven");
	}

	@Test
	void probesWithMoreThanSixArgumentsGetNoStub() {
		ArgumentKind[] seven = new ArgumentKind[7];
		Arrays.fill(seven, ArgumentKind.INT64);
		ProviderDefinition provider = ProviderDefinition.of("wide", ProbeDefinition.of("many", seven),
				ProbeDefinition.of("few"));
		DtraceImage image = DtraceImage.layout(List.of(provider), DtraceOs.ILLUMOS, DtraceArch.X86_64, BASE);
		assertThat(image.probes()).extracting(PlacedProbe::displayName).containsExactly("wide:few");
	}

	@Test
	void pragmaAttributesAreEncodedAndDefaultsFollowDtraceG() {
		ProviderDefinition provider = new ProviderDefinition("orders", List.of(ProbeDefinition.of("tick")),
				Map.of("provider", "Evolving/Evolving/Common", "args", "stable / stable / isa"), SourceLocation.of("t"));
		DofReader.Provider decoded = DofReader
			.check(DtraceImage.layout(List.of(provider), DtraceOs.ILLUMOS, DtraceArch.X86_64, BASE).dof())
			.providers()
			.get(0);
		assertThat(decoded.attributes()).containsExactly(0x05050500L, 0x01010000L, 0x01010000L, 0x05050400L,
				0x06060400L);
	}

	@Test
	void unknownAttributeNameIsReportedWithTheProvider() {
		ProviderDefinition provider = new ProviderDefinition("orders", List.of(ProbeDefinition.of("tick")),
				Map.of("name", "Evolving/Sturdy/ISA"), new SourceLocation("orders.d", 3, 1));
		assertThatExceptionOfType(DofException.class).isThrownBy(() -> DofAttributes.of(provider))
			.withMessageStartingWith("orders.d:3:1: provider orders attributes name: Unknown stability 'Sturdy'");
	}

	@Test
	void providerNameWithoutRoomForThePidIsRefused() {
		ProviderDefinition provider = ProviderDefinition.of("p".repeat(54), ProbeDefinition.of("tick"));
		assertThatExceptionOfType(DofException.class)
			.isThrownBy(() -> DtraceImage.layout(List.of(provider), DtraceOs.ILLUMOS, DtraceArch.X86_64, BASE))
			.withMessageContaining("54 bytes")
			.withMessageContaining("53");
		ProviderDefinition longest = ProviderDefinition.of("p".repeat(53), ProbeDefinition.of("tick"));
		assertThat(DofReader
			.check(DtraceImage.layout(List.of(longest), DtraceOs.ILLUMOS, DtraceArch.X86_64, BASE).dof())
			.accepted()).isTrue();
	}

	@Test
	void probeNameOf64BytesIsRefused() {
		ProviderDefinition provider = ProviderDefinition.of("orders", ProbeDefinition.of("n".repeat(64)));
		assertThatExceptionOfType(DofException.class)
			.isThrownBy(() -> DtraceImage.layout(List.of(provider), DtraceOs.LINUX, DtraceArch.X86_64, BASE))
			.withMessageContaining("orders:" + "n".repeat(64))
			.withMessageContaining("at most 63");
	}

	@Test
	void reservedProviderNamesAreRefusedPerOs() {
		ProviderDefinition objc = ProviderDefinition.of("objc", ProbeDefinition.of("tick"));
		assertThatExceptionOfType(DofException.class)
			.isThrownBy(() -> DtraceImage.layout(List.of(objc), DtraceOs.MACOS, DtraceArch.X86_64, BASE))
			.withMessageContaining("reserved on macos");
		assertThat(DtraceImage.layout(List.of(objc), DtraceOs.ILLUMOS, DtraceArch.X86_64, BASE).probes()).hasSize(1);
	}

	@Test
	void duplicateSiteOffsetsAreRefused() {
		DofProvider provider = new DofProvider("myprov", DofAttributes.uniform(0),
				List.of(new DofProbe("f", "p", List.of(), BASE, List.of(16, 16), List.of())));
		assertThatExceptionOfType(DofException.class)
			.isThrownBy(() -> new DofBuilder(DtraceOs.ILLUMOS).build(List.of(provider)))
			.withMessageContaining("twice");
	}

	@Test
	void severalProvidersGetSixSectionsEachWithPrenoffsNeverAtIndexZero() {
		byte[] dof = DtraceImage.layout(List.of(ORDERS, CACHE), DtraceOs.ILLUMOS, DtraceArch.X86_64, BASE).dof();
		assertThat(dof[28]).isEqualTo((byte) 12);
		// second provider's PROVIDER section header (index 11) references sections 6..10
		int provider = (int) java.nio.ByteBuffer.wrap(dof).order(java.nio.ByteOrder.LITTLE_ENDIAN)
			.getLong(64 + 11 * 32 + 16);
		java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(dof).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		assertThat(List.of(data.getInt(provider), data.getInt(provider + 4), data.getInt(provider + 8),
				data.getInt(provider + 12), data.getInt(provider + 40))).containsExactly(6, 7, 8, 9, 10);
	}

	@Test
	void dofLargerThanTheOsTakesIsRefused() {
		ProbeDefinition[] probes = new ProbeDefinition[6000];
		for (int i = 0; i < probes.length; i++) {
			probes[i] = ProbeDefinition.of("probe" + i, ArgumentKind.INT64, ArgumentKind.INT64);
		}
		ProviderDefinition big = ProviderDefinition.of("big", probes);
		assertThatExceptionOfType(DofException.class)
			.isThrownBy(() -> DtraceImage.layout(List.of(big), DtraceOs.MACOS, DtraceArch.X86_64, BASE))
			.withMessageContaining("at most 524288");
	}

}
