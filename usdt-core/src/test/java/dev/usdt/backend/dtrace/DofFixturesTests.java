package dev.usdt.backend.dtrace;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test-only {@link DofReader} agrees with the verdict table of docs/dof.md §13 for every fixture,
 * and {@link DofBuilder} reproduces the good fixtures byte for byte from the docs/dof.md §13 inputs.
 */
class DofFixturesTests {

	private static final String REJECTED = "REJECTED: errno=22 (Invalid argument): ";

	static byte[] fixture(String name) {
		return DofFixtures.named(name);
	}

	static Stream<Arguments> rejectedFixtures() {
		return Stream.of(Arguments.of("bad_magic.dof", "DOF magic string mismatch: ELF versus DOF"),
				Arguments.of("bad_version4.dof", "DOF version mismatch: 4"),
				Arguments.of("bad_strtab_unterminated.dof", "section 0: non-0-terminated string table"),
				Arguments.of("bad_loadsz_too_small.dof", "truncated section headers: 64, 100, 192"),
				Arguments.of("bad_noload_flag.dof", "loadable section 0 with load flag unset"),
				Arguments.of("bad_misaligned_probes.dof", "misaligned section 1: 134, stated alignment 8i"),
				Arguments.of("bad_probes_entsize.dof", "misaligned entry size 2c"),
				Arguments.of("bad_provname_64.dof", "provider name too long: " + "p".repeat(64)),
				Arguments.of("bad_probename_64.dof", "probe name " + "n".repeat(64) + " too long"),
				Arguments.of("bad_funcname_128.dof", "function name " + "f".repeat(128) + " too long"),
				Arguments.of("bad_argtype_128.dof", "native argument type for arg 0 too long: " + "t".repeat(128)),
				Arguments.of("bad_enoffidx_oob.dof",
						"invalid is-enabled offset 7 (offset count 1, section entsize 4, size 8)"),
				Arguments.of("bad_prenoffs_secidx_none.dof", "referenced section index 4294967295 is invalid, above 6"),
				Arguments.of("bad_prenoffs_none_with_enoffs.dof", "is-enabled offsets with null section"),
				Arguments.of("bad_dup_offsets.dof", "non-unique USDT offsets at 1: 139637976731664 <= 139637976731664"),
				Arguments.of("bad_zero_offsets.dof", "zero probe and is-enabled offsets"));
	}

	@ParameterizedTest(name = "{0} is rejected: {1}")
	@MethodSource("rejectedFixtures")
	void rejectedFixtureIsRejectedWithTheTablesReason(String name, String reason) {
		assertThat(DofReader.check(fixture(name)).line()).isEqualTo(REJECTED + reason);
	}

	@Test
	void goodV1HasOneTracepointPerProbe() {
		assertTracepoints("good_v1.dof", List.of(0x7f0000001010L), List.of(), List.of(0x7f0000001030L), List.of());
	}

	@Test
	void goodV2IgnoresIsEnabledOffsets() {
		assertTracepoints("good_v2.dof", List.of(0x7f0000001010L), List.of(), List.of(0x7f0000001030L), List.of());
	}

	@Test
	void goodV3AddsIsEnabledTracepoints() {
		assertTracepoints("good_v3.dof", List.of(0x7f0000001010L), List.of(0x7f0000001008L),
				List.of(0x7f0000001030L), List.of(0x7f0000001028L));
	}

	@Test
	void noIsEnabledV3HasOneTracepointPerProbe() {
		assertTracepoints("ok_no_isenabled_v3.dof", List.of(0x7f0000001010L), List.of(), List.of(0x7f0000001030L),
				List.of());
	}

	@Test
	void emptyPrargsIsAccepted() {
		DofReader.Verdict verdict = DofReader.check(fixture("ok_empty_prargs.dof"));
		assertThat(verdict.line()).isEqualTo("ACCEPTED");
		DofReader.Probe probe = verdict.providers().get(0).probes().get(0);
		assertThat(probe.function() + ":" + probe.name()).isEqualTo("f:n");
		assertThat(probe.sites()).containsExactly(0x7f0000001010L);
	}

	@Test
	void providerNameOf63IsAccepted() {
		DofReader.Verdict verdict = DofReader.check(fixture("ok_provname_63.dof"));
		assertThat(verdict.line()).isEqualTo("ACCEPTED");
		assertThat(verdict.providers().get(0).name()).isEqualTo("p".repeat(63));
	}

	@Test
	void goodV2DecodesProviderProbesAndTypes() {
		DofReader.Provider provider = DofReader.check(fixture("good_v2.dof")).providers().get(0);
		assertThat(provider.name()).isEqualTo("myprov");
		assertThat(provider.attributes()).containsOnly(0x05050500L);
		assertThat(provider.probes()).extracting(DofReader.Probe::name).containsExactly("probe1", "probe2");
		assertThat(provider.probes().get(0).argumentTypes()).containsExactly("int", "char *");
		assertThat(provider.probes().get(1).argumentTypes()).isEmpty();
	}

	@Test
	void builderReproducesGoodV2AndV3ByteForByte() {
		List<DofProvider> baseline = List.of(baselineProvider());
		assertThat(new DofBuilder(DtraceOs.ILLUMOS).build(baseline)).isEqualTo(fixture("good_v2.dof"));
		assertThat(new DofBuilder(DtraceOs.FREEBSD).build(baseline)).isEqualTo(fixture("good_v2.dof"));
		assertThat(new DofBuilder(DtraceOs.LINUX).build(baseline)).isEqualTo(fixture("good_v3.dof"));
		assertThat(new DofBuilder(DtraceOs.MACOS).build(baseline)).isEqualTo(fixture("good_v3.dof"));
		assertThat(new DofBuilder(DtraceOs.ILLUMOS, 1).build(baseline)).isEqualTo(fixture("good_v1.dof"));
	}

	/** The docs/dof.md §13 baseline: myprov, func:probe1(int, char *) and func:probe2(), stubs 0x20 apart. */
	static DofProvider baselineProvider() {
		return new DofProvider("myprov", DofAttributes.uniform(0x05050500),
				List.of(new DofProbe("func", "probe1", List.of("int", "char *"), 0x7f0000001000L, List.of(16),
						List.of(8)),
						new DofProbe("func", "probe2", List.of(), 0x7f0000001020L, List.of(16), List.of(8))));
	}

	private static void assertTracepoints(String name, List<Long> first, List<Long> firstEnabled, List<Long> second,
			List<Long> secondEnabled) {
		DofReader.Verdict verdict = DofReader.check(fixture(name));
		assertThat(verdict.line()).isEqualTo("ACCEPTED");
		List<DofReader.Probe> probes = verdict.providers().get(0).probes();
		assertThat(probes).hasSize(2);
		assertThat(probes.get(0).sites()).isEqualTo(first);
		assertThat(probes.get(0).enabledSites()).isEqualTo(firstEnabled);
		assertThat(probes.get(1).sites()).isEqualTo(second);
		assertThat(probes.get(1).enabledSites()).isEqualTo(secondEnabled);
	}

}
