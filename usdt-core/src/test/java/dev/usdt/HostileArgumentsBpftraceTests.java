package dev.usdt;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Hostile arguments end to end, checked against what bpftrace prints: each result is the one the
 * {@link Probe} Javadoc promises (a string ends at its first NUL, an unpaired surrogate is U+FFFD,
 * a long string is cut at {@code maxStringBytes} on a character boundary, {@code null} is "",
 * integers are cut to the declared width like a C cast), and the process keeps firing afterwards.
 */
class HostileArgumentsBpftraceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** Below bpftrace 0.17's default str() limit of 64 bytes, so bpftrace shows every byte we pass. */
	private static final int MAX_STRING_BYTES = 60;

	@TempDir
	Path tempDir;

	private UsdtRuntime runtime;

	@BeforeEach
	void create() {
		Bpftrace.assumeAvailable();
		this.runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("lib"))
			.withMaxStringBytes(MAX_STRING_BYTES));
	}

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	@Test
	void bpftracePrintsHostileStringsExactlyAsDocumented() throws Exception {
		Provider provider = this.runtime.register(ProviderDefinition.of("e2e_hostile",
				ProbeDefinition.of("text", ArgumentKind.STRING, ArgumentKind.STRING, ArgumentKind.STRING)));
		Probe text = provider.probe("text");
		String program = "usdt:" + provider.library().orElseThrow()
				+ ":e2e_hostile:text { printf(\"<%s> <%s> <%s>\\n\", str(arg0), str(arg1), str(arg2)); }";
		String megabyte = "y".repeat(1 << 20);
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(text::shouldFire, "semaphore set by bpftrace");
			text.fire("a\0b", "\0", "\0\0\0");
			text.fire("\uD800", "x\uDC00y", "end \uDBFF");
			text.fire("reversed \uDE80\uD83D", "pair \uD83D\uDE80", "\uFFFD itself");
			text.fire(megabyte, "é".repeat(1 << 19), "🚀".repeat(1 << 18));
			text.fire(null, null, null);
			text.fire("x".repeat(59) + "é", "x".repeat(58) + "東", "x".repeat(57) + "🚀");
			text.fire("x".repeat(58) + "\uD83D\uDE80", "x".repeat(59) + "\uD800", "x".repeat(60) + "\0hidden");
			text.fireArgs(new StringBuilder("built\0cut"), BackendKind.NOOP, 42);
			text.fireArgs(new int[] { 1, 2 }, new String[][] { { "a" }, { "b", null } }, new char[0]);
			assertThatIllegalArgumentException().isThrownBy(() -> text.fire("only", "two"))
				.withMessageContaining("e2e_hostile:text(char *, char *, char *)");
			text.fire("still", "firing", "afterwards");
			assertThat(bpftrace.awaitLines(10, TIMEOUT)).containsExactly("<a> <> <>",
					"<\uFFFD> <x\uFFFDy> <end \uFFFD>",
					"<reversed \uFFFD\uFFFD> <pair 🚀> <\uFFFD itself>",
					"<" + "y".repeat(60) + "> <" + "é".repeat(30) + "> <" + "🚀".repeat(15) + ">",
					"<> <> <>",
					"<" + "x".repeat(59) + "> <" + "x".repeat(58) + "> <" + "x".repeat(57) + ">",
					"<" + "x".repeat(58) + "> <" + "x".repeat(59) + "> <" + "x".repeat(60) + ">",
					"<built> <NOOP> <42>",
					// arrays as Arrays.toString shows them, not as [I@1b2c3d
					"<[1, 2]> <[[a], [b, null]]> <[]>",
					"<still> <firing> <afterwards>");
		}
	}

	@Test
	void bpftracePrintsBoxedIntegerExtremesOfEveryWidthCutLikeACCast() throws Exception {
		Provider provider = this.runtime.register(ProviderDefinition.of("e2e_hostile_ints",
				ProbeDefinition.of("small", ArgumentKind.INT8, ArgumentKind.UINT8, ArgumentKind.INT16,
						ArgumentKind.UINT16, ArgumentKind.INT32, ArgumentKind.UINT32),
				ProbeDefinition.of("wide", ArgumentKind.INT64, ArgumentKind.UINT64, ArgumentKind.POINTER)));
		Probe small = provider.probe("small");
		Probe wide = provider.probe("wide");
		String library = provider.library().orElseThrow().toString();
		String program = "usdt:" + library + ":e2e_hostile_ints:small { printf(\"small %d %u %d %u %d %u\\n\", arg0, arg1, arg2, arg3, arg4, arg5); }"
				+ " usdt:" + library + ":e2e_hostile_ints:wide { printf(\"wide %ld %lu %lu\\n\", arg0, arg1, arg2); }";
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(() -> small.shouldFire() && wide.shouldFire(), "semaphores set by bpftrace");
			small.fireArgs(Byte.MIN_VALUE, (short) 255, Short.MIN_VALUE, 65535, Integer.MIN_VALUE, 4294967295L);
			small.fireArgs(Byte.MAX_VALUE, null, Short.MAX_VALUE, null, Integer.MAX_VALUE, null);
			small.fireArgs(-1L, -1L, -1L, -1L, -1L, -1L);
			small.fireArgs(true, 'A', Character.MAX_VALUE, Character.MAX_VALUE, 1e300, new BigInteger("4294967296"));
			small.fireArgs(0x180L, 0x1_00L, 0x1_8000L, 0x1_0000L, 0x1_8000_0000L, 0x1_0000_0000L);
			wide.fireArgs(Long.MIN_VALUE, new BigInteger("18446744073709551615"), -1L);
			wide.fireArgs(Long.MAX_VALUE, 0, Double.NaN);
			wide.fire(Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
			assertThatIllegalArgumentException().isThrownBy(() -> wide.fireArgs(1L, "2", 3L))
				.withMessageContaining("e2e_hostile_ints:wide(int64_t, uint64_t, uintptr_t)");
			assertThat(bpftrace.awaitLines(8, TIMEOUT)).containsExactly(
					"small -128 255 -32768 65535 -2147483648 4294967295",
					"small 127 0 32767 0 2147483647 0",
					"small -1 255 -1 65535 -1 4294967295",
					// 1e300 saturates to Long.MAX_VALUE (Number.longValue), whose low 32 bits are -1
					"small 1 65 -1 65535 -1 0",
					"small -128 0 -32768 0 -2147483648 0",
					"wide -9223372036854775808 18446744073709551615 18446744073709551615",
					"wide 9223372036854775807 0 0",
					"wide -9223372036854775808 9223372036854775808 9223372036854775807");
		}
	}

}
