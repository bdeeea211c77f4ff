package dev.usdt;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.usdt.backend.BackendKind;
import dev.usdt.nativeaccess.ProbeFunction;
import dev.usdt.nativeaccess.NativeStrings;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The probe API without a tracer: argument checks name the signature whether or not the probe is
 * enabled, boxed arguments are converted as documented, a closed provider's probes are inert, and
 * {@code probe(name)} explains what is wrong with a name.
 */
class ProbeTests {

	private static final ProviderDefinition SHOP = ProviderDefinition.of("shop",
			ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.UINT64),
			ProbeDefinition.of("tick"),
			ProbeDefinition.of("wide", ArgumentKind.INT8, ArgumentKind.UINT16, ArgumentKind.INT32, ArgumentKind.UINT32,
					ArgumentKind.INT64, ArgumentKind.STRING),
			ProbeDefinition.of("too__many", ArgumentKind.INT64, ArgumentKind.INT64, ArgumentKind.INT64,
					ArgumentKind.INT64, ArgumentKind.INT64, ArgumentKind.INT64, ArgumentKind.INT64));

	// Without the fast guard: fire methods then consult each probe's semaphore, which is all these
	// tests set (the guard is process-wide and belongs to SemaphoreWatcher)
	private final UsdtRuntime noop = UsdtRuntime
		.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP).withFastGuard(false));

	private final Recorder recorder = new Recorder();

	@BeforeEach
	void keepTheFastGuardOn() {
		this.noop.register(SHOP);
	}

	@AfterEach
	void close() {
		this.noop.close();
	}

	@Test
	void wrongArityOnTheNoopBackendNamesTheSignature() {
		Probe placed = this.noop.provider("shop").orElseThrow().probe("order__placed");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fire(1L))
			.withMessageContaining("shop:order__placed(char *, uint64_t)")
			.withMessageContaining("was fired with (long)");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fire("A-1", 2L, 3L))
			.withMessageContaining("shop:order__placed(char *, uint64_t)");
		assertThatIllegalArgumentException().isThrownBy(placed::fire)
			.withMessageContaining("shop:order__placed(char *, uint64_t) was fired with ()");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fireArgs("A-1"))
			.withMessageContaining("shop:order__placed(char *, uint64_t) was fired with 1 argument;");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fireArgs((Object[]) null))
			.withMessageContaining("was fired with 0 arguments");
	}

	@Test
	void wrongTypesOnTheNoopBackendNameTheSignature() {
		Probe placed = this.noop.provider("shop").orElseThrow().probe("order__placed");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fire(1L, 2L))
			.withMessageContaining("shop:order__placed(char *, uint64_t) was fired with (long, long)");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fire(1L, "A-1"))
			.withMessageContaining("was fired with (long, String)");
		// Documented: "whether or not a tracer is attached", so also when the probe is disabled
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fireArgs("A-1", "1299"))
			.withMessageContaining("shop:order__placed(char *, uint64_t)")
			.withMessageContaining("java.lang.String as argument 1");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fireArgs("A-1", new Object()))
			.withMessageContaining("java.lang.Object as argument 1");
	}

	@Test
	void wrongArityAndTypesOnAnEnabledProbeNameTheSignatureAndCallNothing() {
		Probe placed = probe("order__placed", true);
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fire("A-1"))
			.withMessageContaining("shop:order__placed(char *, uint64_t) was fired with (String)");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fire(7L, 8L))
			.withMessageContaining("was fired with (long, long)");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fireArgs("A-1", 2L, 3L))
			.withMessageContaining("was fired with 3 arguments");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fireArgs("A-1", List.of()))
			.withMessageContaining("java.util.ImmutableCollections$ListN as argument 1");
		assertThatIllegalArgumentException().isThrownBy(() -> placed.fireLazy(() -> new Object[] { 1L }))
			.withMessageContaining("shop:order__placed(char *, uint64_t) was fired with 1 argument");
		assertThat(this.recorder.calls).isEmpty();
	}

	@Test
	void typedFireOfEveryShapeIsRefusedOnAProbeOfAnotherShape() {
		Probe wide = probe("wide", true);
		List<Runnable> wrongShapes = List.of(wide::fire, () -> wide.fire(1L), () -> wide.fire("a"),
				() -> wide.fire(1L, 2L), () -> wide.fire("a", "b"), () -> wide.fire(1L, 2L, 3L),
				() -> wide.fire("a", 1L, "b"), () -> wide.fire(1L, 2L, 3L, 4L), () -> wide.fire("a", "b", "c", "d"),
				() -> wide.fire(1L, 2L, 3L, 4L, 5L), () -> wide.fire(1L, 2L, 3L, 4L, 5L, 6L));
		for (Runnable fire : wrongShapes) {
			assertThatIllegalArgumentException().isThrownBy(fire::run)
				.withMessageContaining("shop:wide(int8_t, uint16_t, int32_t, uint32_t, int64_t, char *)");
		}
		assertThat(this.recorder.calls).isEmpty();
	}

	@Test
	void fireArgsConvertsNumbersBooleansCharactersAndNulls() {
		Probe wide = probe("wide", true);
		wide.fireArgs((byte) -1, (short) 65535, Integer.MIN_VALUE, 4294967295L, Long.MAX_VALUE, "x");
		wide.fireArgs(true, false, 'A', null, new BigInteger("18446744073709551621"), null);
		wide.fireArgs(3.99, -2.5f, Character.MAX_VALUE, Boolean.TRUE, Long.MIN_VALUE, "");
		assertThat(this.recorder.calls).containsExactly(
				List.of(-1L, -1L, (long) Integer.MIN_VALUE, 4294967295L, Long.MAX_VALUE, "x"),
				// a BigInteger past 64 bits keeps its low 64 bits, like a C cast
				List.of(1L, 0L, 65L, 0L, 5L, ""),
				List.of(3L, -2L, 65535L, 1L, Long.MIN_VALUE, ""));
	}

	@Test
	void fireArgsConvertsTextualArgumentsAsDocumented() {
		Probe placed = probe("order__placed", true);
		placed.fireArgs(new StringBuilder("built"), 1);
		placed.fireArgs(BackendKind.STAPSDT, 2);
		placed.fireArgs(List.of(1, 2), 3);
		placed.fireArgs(null, 4);
		placed.fireArgs(new Object() {
			@Override
			public String toString() {
				throw new IllegalStateException("broken toString");
			}
		}, 5);
		assertThat(this.recorder.calls).hasSize(5);
		assertThat(this.recorder.calls.get(0)).containsExactly("built", 1L);
		assertThat(this.recorder.calls.get(1)).containsExactly("STAPSDT", 2L);
		assertThat(this.recorder.calls.get(2)).containsExactly("[1, 2]", 3L);
		assertThat(this.recorder.calls.get(3)).containsExactly("", 4L);
		// a broken toString must not break the traced method: the class name stands in
		assertThat((String) this.recorder.calls.get(4).get(0)).startsWith(ProbeTests.class.getName() + "$");
	}

	@Test
	void fireLazyRunsItsSupplierOnlyWhenEnabled() {
		AtomicInteger built = new AtomicInteger();
		Probe disabled = probe("order__placed", false);
		disabled.fireLazy(() -> new Object[] { "A-" + built.incrementAndGet(), 1L });
		assertThat(built).hasValue(0);
		Probe enabled = probe("order__placed", true);
		enabled.fireLazy(() -> new Object[] { "A-" + built.incrementAndGet(), 1L });
		assertThat(built).hasValue(1);
		assertThat(this.recorder.calls).containsExactly(List.of("A-1", 1L));
	}

	@Test
	void closedProviderProbesAreDisabledNoOps() {
		Provider provider = this.noop.provider("shop").orElseThrow();
		Probe placed = provider.probe("order__placed");
		ProbeSemaphores.overrideForTesting(placed, true);
		assertThat(placed.isEnabled()).isTrue();
		this.noop.close();
		assertThat(provider.isClosed()).isTrue();
		assertThat(placed.isEnabled()).isFalse();
		placed.fire("A-1", 1);
		placed.fireArgs("A-1", 1);
		placed.fireLazy(() -> {
			throw new AssertionError("a closed probe must not build its arguments");
		});
		ProbeSemaphores.overrideForTesting(placed, true);
		assertThat(placed.isEnabled()).as("the override has no effect on a closed probe").isFalse();
	}

	@Test
	void unknownProbeNameListsTheDeclaredProbes() {
		Provider provider = this.noop.provider("shop").orElseThrow();
		assertThatIllegalArgumentException().isThrownBy(() -> provider.probe("order_placed"))
			.withMessage("Probe shop:order_placed is not declared; declared probes: [order__placed, tick, wide]");
	}

	@Test
	void probeWithMoreThanSixArgumentsIsExplained() {
		Provider provider = this.noop.provider("shop").orElseThrow();
		assertThat(provider.probes()).extracting(Probe::name).doesNotContain("too__many");
		assertThatIllegalArgumentException().isThrownBy(() -> provider.probe("too__many"))
			.withMessage("Probe shop:too__many has 7 arguments, but at most 6 arguments are supported, so it cannot be fired");
	}

	/** A probe of {@link #SHOP} whose stub calls go to {@link #recorder}. */
	private Probe probe(String name, boolean enabled) {
		ProbeDefinition definition = SHOP.probe(name).orElseThrow();
		this.recorder.kinds = definition.argumentKinds();
		Probe probe = new Probe("shop", definition, ByteBuffer.allocateDirect(2), 0, this.recorder, new NativeStrings(64));
		probe.overrideSemaphore(enabled);
		return probe;
	}

	/** Records each stub call with its declared arguments, strings read back from native memory. */
	private static final class Recorder implements ProbeFunction {

		final List<List<Object>> calls = new ArrayList<>();

		private List<ArgumentKind> kinds = List.of();

		@Override
		public void call(long a0, long a1, long a2, long a3, long a4, long a5) {
			long[] words = { a0, a1, a2, a3, a4, a5 };
			List<Object> call = new ArrayList<>();
			for (int i = 0; i < this.kinds.size(); i++) {
				call.add(this.kinds.get(i).isString() ? new Pointer(words[i]).getString(0, "UTF-8") : (Object) words[i]);
			}
			this.calls.add(call);
		}

	}

}
