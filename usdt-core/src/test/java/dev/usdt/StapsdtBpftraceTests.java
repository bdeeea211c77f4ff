package dev.usdt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

/**
 * End to end with a real tracer: this JVM registers probes, {@code bpftrace -p} attaches to it,
 * and the test checks exactly what bpftrace printed for each fired argument.
 */
class StapsdtBpftraceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	Path tempDir;

	private UsdtRuntime runtime;

	@BeforeEach
	void assumeTracer() {
		Bpftrace.assumeAvailable();
		this.runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("lib"))
			.withMaxStringBytes(40));
	}

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	@Test
	void bpftracePrintsIntegersOfEveryWidthAtBothExtremes() throws Exception {
		Provider provider = this.runtime.register(ProviderDefinition.of("e2e_ints",
				ProbeDefinition.of("small", ArgumentKind.INT8, ArgumentKind.UINT8, ArgumentKind.INT16,
						ArgumentKind.UINT16, ArgumentKind.INT32, ArgumentKind.UINT32),
				ProbeDefinition.of("wide", ArgumentKind.INT64, ArgumentKind.UINT64)));
		Probe small = provider.probe("small");
		Probe wide = provider.probe("wide");
		String library = provider.library().orElseThrow().toString();
		String program = "usdt:" + library + ":e2e_ints:small { printf(\"small %d %u %d %u %d %u\\n\", arg0, arg1, arg2, arg3, arg4, arg5); }"
				+ " usdt:" + library + ":e2e_ints:wide { printf(\"wide %ld %lu\\n\", arg0, arg1); }";
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(() -> small.isEnabled() && wide.isEnabled(), "semaphores set by bpftrace");
			small.fire(-128, 255, -32768, 65535, Integer.MIN_VALUE, 4294967295L);
			small.fire(127, 0, 32767, 0, Integer.MAX_VALUE, 0);
			// Values wider than the declared type are truncated like a C cast
			small.fire(0x17f, 0x1ff, 0x18000, 0x1ffff, 0x1_8000_0000L, -1);
			wide.fire(Long.MIN_VALUE, -1);
			wide.fire(Long.MAX_VALUE, 0);
			List<String> lines = bpftrace.awaitLines(5, TIMEOUT);
			assertThat(lines).containsExactly("small -128 255 -32768 65535 -2147483648 4294967295",
					"small 127 0 32767 0 2147483647 0", "small 127 255 -32768 65535 -2147483648 4294967295",
					"wide -9223372036854775808 18446744073709551615", "wide 9223372036854775807 0");
		}
		Bpftrace.await(() -> !small.isEnabled(), TIMEOUT, "semaphore cleared after bpftrace exits");
	}

	@Test
	void bpftracePrintsStringsAsDocumented() throws Exception {
		Provider provider = this.runtime.register(ProviderDefinition.of("e2e_strings",
				ProbeDefinition.of("text", ArgumentKind.STRING, ArgumentKind.INT64, ArgumentKind.STRING)));
		Probe text = provider.probe("text");
		String program = "usdt:" + provider.library().orElseThrow() + ":e2e_strings:text { printf(\"<%s> %d <%s>\\n\", str(arg0), arg1, str(arg2)); }";
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(text::isEnabled, "semaphore set by bpftrace");
			text.fire("plain ascii", 1, "second");
			text.fire("grüße, 東京 🚀", 2, "");
			text.fire(null, 3, null);
			// max-string-bytes is 40: cut on a character boundary, never inside one
			text.fire("x".repeat(39) + "é", 4, "y".repeat(1_000_000));
			text.fire("before\0after", 5, "lone \uD800 surrogate");
			List<String> lines = bpftrace.awaitLines(5, TIMEOUT);
			assertThat(lines).containsExactly("<plain ascii> 1 <second>", "<grüße, 東京 🚀> 2 <>", "<> 3 <>",
					"<" + "x".repeat(39) + "> 4 <" + "y".repeat(40) + ">", "<before> 5 <lone \uFFFD surrogate>");
		}
	}

	@Test
	void typedOverloadsLazyAndBoxedFormsReachTheTracer() throws Exception {
		Provider provider = this.runtime.register(ProviderDefinition.of("e2e_forms",
				ProbeDefinition.of("mixed", ArgumentKind.STRING, ArgumentKind.UINT64),
				ProbeDefinition.of("bare")));
		Probe mixed = provider.probe("mixed");
		Probe bare = provider.probe("bare");
		String library = provider.library().orElseThrow().toString();
		String program = "usdt:" + library + ":e2e_forms:mixed { printf(\"mixed %s %lu\\n\", str(arg0), arg1); }"
				+ " usdt:" + library + ":e2e_forms:bare { printf(\"bare\\n\"); }";
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(() -> mixed.isEnabled() && bare.isEnabled(), "semaphores set by bpftrace");
			mixed.fire("typed", 1);
			mixed.fireLazy(() -> new Object[] { "lazy", 2L });
			mixed.fireArgs(BackendKind.NOOP, (short) 3);
			bare.fire();
			assertThat(bpftrace.awaitLines(4, TIMEOUT)).containsExactly("mixed typed 1", "mixed lazy 2", "mixed NOOP 3",
					"bare");
		}
	}

	@Test
	void stubsAreCalledThroughJniUnlessSwitchedOff() throws Exception {
		dev.usdt.backend.stapsdt.StapsdtBackend backend = dev.usdt.backend.stapsdt.StapsdtBackend
			.create(this.tempDir.resolve("lib"));
		assertThat(backend.callsThroughJni()).isTrue();
	}

	@Test
	void closedProviderStopsFiringAndReportsDisabled() throws Exception {
		Provider provider = this.runtime.register(ProviderDefinition.of("e2e_close",
				ProbeDefinition.of("event", ArgumentKind.INT64)));
		Probe event = provider.probe("event");
		String program = "usdt:" + provider.library().orElseThrow() + ":e2e_close:event { printf(\"event %d\\n\", arg0); }";
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(event::isEnabled, "semaphore set by bpftrace");
			event.fire(1);
			bpftrace.awaitLines(1, TIMEOUT);
			this.runtime.close();
			assertThat(event.isEnabled()).isFalse();
			event.fire(2);
			Thread.sleep(300);
			assertThat(bpftrace.stop()).containsExactly("event 1");
		}
	}

	/** A typed interface bound through the implementation the annotation processor generated. */
	@Test
	void generatedImplementationFiresConvertedArgumentsThatBpftracePrints() throws Exception {
		ShopProbes probes = this.runtime.bind(ShopProbes.class);
		assertThat(probes.getClass().getSimpleName()).isEqualTo("StapsdtBpftraceTests_ShopProbes_Usdt");
		String library = this.runtime.provider("typed_shop").orElseThrow().library().orElseThrow().toString();
		String program = "usdt:" + library + ":typed_shop:order__placed { printf(\"placed %s %ld\\n\", str(arg0), arg1); }"
				+ " usdt:" + library + ":typed_shop:order__shipped { printf(\"shipped %d %d %d %d %s %s\\n\", arg0, arg1, arg2, arg3, str(arg4), str(arg5)); }";
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(probes::isOrderPlacedEnabled, "semaphore set by bpftrace");
			probes.orderPlaced("A-1001", 1299);
			probes.orderShipped(true, 'x', null, (short) -2, Region.EU, new StringBuilder("box"));
			assertThat(bpftrace.awaitLines(2, Duration.ofSeconds(30))).containsExactly("placed A-1001 1299",
					"shipped 1 120 0 -2 EU box");
		}
	}

	/**
	 * The same interface, private: the processor skips it and {@code bind} defines the
	 * implementation at run time, which converts each argument as the proxy fallback did.
	 */
	@Test
	void runtimeImplementationFiresOnceATracerAttachesAndAnswersFalseBefore() throws Exception {
		HiddenShopProbes probes = this.runtime.bind(HiddenShopProbes.class);
		assertThat(java.lang.reflect.Proxy.isProxyClass(probes.getClass())).isFalse();
		assertThat(probes.getClass().isHidden()).isTrue();
		assertThat(probes.getClass().getPackageName()).isEqualTo(HiddenShopProbes.class.getPackageName());
		assertThat(probes.isOrderPlacedEnabled()).isFalse();
		probes.orderPlaced("before", 1);
		assertThat(probes.describe()).isEqualTo("hidden shop");
		assertThat(probes).isEqualTo(probes)
			.hasSameHashCodeAs(System.identityHashCode(probes))
			.hasToString("USDT provider hidden_shop (" + HiddenShopProbes.class.getName() + ")");
		Provider provider = this.runtime.provider("hidden_shop").orElseThrow();
		String library = provider.library().orElseThrow().toString();
		String program = "usdt:" + library + ":hidden_shop:order__placed { printf(\"placed %s %ld\\n\", str(arg0), arg1); }"
				+ " usdt:" + library + ":hidden_shop:order__shipped { printf(\"shipped %d %d %d %d %s %s\\n\", arg0, arg1, arg2, arg3, str(arg4), str(arg5)); }"
				+ " usdt:" + library + ":hidden_shop:cancelled { printf(\"cancelled\\n\"); }";
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(() -> probes.isOrderPlacedEnabled() && provider.probe("order__shipped").isEnabled()
					&& provider.probe("cancelled").isEnabled(), "semaphores set by bpftrace");
			probes.orderPlaced("A-1002", 1300);
			probes.orderPlaced(null, Long.MIN_VALUE);
			probes.orderShipped(true, 'x', null, (short) -2, Region.EU, new StringBuilder("box"));
			probes.cancelled();
			assertThat(bpftrace.awaitLines(4, Duration.ofSeconds(30))).containsExactly("placed A-1002 1300",
					"placed  -9223372036854775808", "shipped 1 120 0 -2 EU box", "cancelled");
		}
	}

	@UsdtProvider("hidden_shop")
	private interface HiddenShopProbes {

		void orderPlaced(String id, long cents);

		void orderShipped(boolean express, char lane, Integer crate, short delta, Region region, CharSequence note);

		void cancelled();

		boolean isOrderPlacedEnabled();

		default String describe() {
			return "hidden shop";
		}

	}

	enum Region {

		EU

	}

	@UsdtProvider("typed_shop")
	interface ShopProbes {

		void orderPlaced(String id, long cents);

		void orderShipped(boolean express, char lane, Integer crate, short delta, Region region, CharSequence note);

		boolean isOrderPlacedEnabled();

	}

}
