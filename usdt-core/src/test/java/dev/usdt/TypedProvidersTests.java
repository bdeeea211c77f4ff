package dev.usdt;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TypedProvidersTests {

	private final UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP));

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void camelCaseBoundariesBecomeDoubleUnderscores() {
		assertThat(TypedProviders.probeName("orderPlaced")).isEqualTo("order__placed");
		assertThat(TypedProviders.probeName("parseHTTPRequest")).isEqualTo("parse__http__request");
		assertThat(TypedProviders.probeName("step2Done")).isEqualTo("step2__done");
		assertThat(TypedProviders.probeName("started")).isEqualTo("started");
		assertThat(TypedProviders.probeName("already_snake")).isEqualTo("already_snake");
	}

	@Test
	void interfaceWithoutDefinitionFileIsTheDefinition() {
		ProviderDefinition definition = TypedProviders.definitionOf(OrderProbes.class);
		assertThat(definition.name()).isEqualTo("orders");
		assertThat(definition.location().source()).isEqualTo(OrderProbes.class.getName());
		assertThat(definition.probe("order__placed").orElseThrow().argumentKinds())
			.containsExactly(ArgumentKind.STRING, ArgumentKind.INT64);
		assertThat(definition.probe("order__placed").orElseThrow().arguments())
			.extracting(ProbeArgument::name)
			.containsExactly("id", "cents");
		assertThat(definition.probe("order__shipped").orElseThrow().argumentKinds()).containsExactly(
				ArgumentKind.INT8, ArgumentKind.INT16, ArgumentKind.INT32, ArgumentKind.UINT8, ArgumentKind.UINT16,
				ArgumentKind.STRING);
		assertThat(definition.probe("cancelled").orElseThrow().argumentKinds()).isEmpty();
		assertThat(definition.probes()).hasSize(3);
	}

	@Test
	void boundInterfaceFiresThroughTheRegisteredProvider() {
		OrderProbes probes = TypedProviders.bind(this.runtime, OrderProbes.class);
		assertThat(this.runtime.provider("orders")).isPresent();
		assertThat(probes.isOrderPlacedEnabled()).isFalse();
		probes.orderPlaced("A-1001", 1299);
		probes.orderPlaced(null, 0);
		probes.orderShipped((byte) 1, (short) 2, 3, true, 'x', Region.EU);
		probes.cancelled();
		assertThat(probes.describe()).isEqualTo("orders probes");
		assertThat(probes).isEqualTo(probes).hasToString("USDT provider orders (" + OrderProbes.class.getName() + ")");
	}

	@Test
	void boundInterfaceIsTheImplementationTheProcessorGeneratedNotAProxy() {
		OrderProbes probes = TypedProviders.bind(this.runtime, OrderProbes.class);
		assertThat(Proxy.isProxyClass(probes.getClass())).isFalse();
		assertThat(probes.getClass().getName()).isEqualTo("dev.usdt.TypedProvidersTests_OrderProbes_Usdt");
	}

	@Test
	void interfaceWithoutGeneratedImplementationIsBoundThroughAHiddenClassDefinedAtRunTime() {
		HiddenProbes probes = TypedProviders.bind(this.runtime, HiddenProbes.class);
		Class<?> implementation = probes.getClass();
		assertThat(Proxy.isProxyClass(implementation)).isFalse();
		assertThat(implementation.isHidden()).isTrue();
		assertThat(implementation.getName()).startsWith(HiddenProbes.class.getName() + "$$UsdtRuntime");
		assertThat(implementation.getPackageName()).isEqualTo(HiddenProbes.class.getPackageName());
		assertThat(implementation.getClassLoader()).isSameAs(HiddenProbes.class.getClassLoader());
		probes.hidden(7);
		probes.shipped((short) 2, null, true, 'x', Region.EU, new StringBuilder("note"));
		assertThat(probes.isHiddenEnabled()).isFalse();
		assertThat(probes).hasToString("USDT provider hidden (" + HiddenProbes.class.getName() + ")");
		assertThat(probes.twice(21)).isEqualTo(42);
		assertThat(probes).isEqualTo(probes).hasSameHashCodeAs(System.identityHashCode(probes));
		HiddenProbes again = TypedProviders.bind(this.runtime, HiddenProbes.class);
		assertThat(again).isNotEqualTo(probes).hasSameClassAs(probes);
	}

	@Test
	void interfaceOfAnotherModuleIsBoundThroughANamedClassInItsClassLoader() throws Exception {
		ClassLoader loader = new IsolatingClassLoader((name) -> true);
		Class<?> type = loader.loadClass(IsolatedProbes.class.getName());
		Object probes = TypedProviders.bind(this.runtime, type);
		// Its class loader's unnamed module is not usdt-core's, so no hidden class: a normal one
		assertThat(probes.getClass().isHidden()).isFalse();
		assertThat(probes.getClass().getName()).isEqualTo(IsolatedProbes.class.getName() + "$$UsdtRuntime");
		assertThat(probes.getClass().getClassLoader()).isSameAs(loader);
		assertIsolatedProbesWork(type, probes);
		assertThat(TypedProviders.bind(this.runtime, type)).hasSameClassAs(probes);
	}

	@Test
	void interfaceWhoseClassLoaderCannotSeeUsdtCoreIsBoundThroughAJdkProxy() throws Exception {
		ClassLoader loader = new IsolatingClassLoader(
				(name) -> !name.startsWith("dev.usdt.") || name.equals(UsdtProvider.class.getName()));
		Class<?> type = loader.loadClass(IsolatedProbes.class.getName());
		Object probes = TypedProviders.bind(this.runtime, type);
		assertThat(Proxy.isProxyClass(probes.getClass())).isTrue();
		assertIsolatedProbesWork(type, probes);
	}

	private void assertIsolatedProbesWork(Class<?> type, Object probes) throws Exception {
		type.getMethod("isolated", long.class).invoke(probes, 1300L);
		assertThat(type.getMethod("isIsolatedEnabled").invoke(probes)).isEqualTo(false);
		assertThat(type.getMethod("twice", int.class).invoke(probes, 21)).isEqualTo(42);
		assertThat(probes).hasToString("USDT provider isolated (" + IsolatedProbes.class.getName() + ")");
		assertThat(probes).isEqualTo(probes).hasSameHashCodeAs(System.identityHashCode(probes));
	}

	@Test
	void secondBindReusesTheRegisteredProvider() {
		TypedProviders.bind(this.runtime, OrderProbes.class);
		TypedProviders.bind(this.runtime, OrderProbes.class);
		assertThat(this.runtime.providers()).hasSize(1);
	}

	@Test
	void interfaceBindsToDefinitionFileByDerivedOrExactName() {
		Provider provider = this.runtime.register(dFile("orders", probe("order__placed", "char *", ArgumentKind.STRING,
				"uint64_t", ArgumentKind.UINT64), probe("orderShipped", "int", ArgumentKind.INT32),
				probe("unused", "int", ArgumentKind.INT32)));
		ExactNames probes = TypedProviders.bind(provider, ExactNames.class);
		probes.orderPlaced("A-1", 5);
		probes.orderShipped(7);
		assertThat(probes.isOrderShippedEnabled()).isFalse();
	}

	@Test
	void probeNameAnnotationOverridesTheDerivedName() {
		ProviderDefinition definition = TypedProviders.definitionOf(Renamed.class);
		assertThat(definition.probes()).extracting(ProbeDefinition::name).containsExactly("request__start");
		Renamed probes = TypedProviders.bind(this.runtime, Renamed.class);
		assertThat(probes.isStartEnabled()).isFalse();
	}

	@Test
	void mismatchedArgumentTypeNamesTheMethodAndTheProbe() {
		ProviderDefinition definition = dFile("orders",
				probe("order__placed", "int", ArgumentKind.INT32, "uint64_t", ArgumentKind.UINT64),
				probe("order__shipped", "int8_t", ArgumentKind.INT8, "int16_t", ArgumentKind.INT16, "int",
						ArgumentKind.INT32, "bool", ArgumentKind.UINT8, "char", ArgumentKind.UINT16, "char *",
						ArgumentKind.STRING),
				probe("cancelled"));
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> TypedProviders.validate(OrderProbes.class, definition))
			.withMessageContaining(OrderProbes.class.getName())
			.withMessageContaining("orderPlaced(String, long)")
			.withMessageContaining("orders:order__placed(int, uint64_t) (orders.d:3:7)")
			.withMessageContaining("parameter 1 is String, the probe argument is int");
	}

	@Test
	void mismatchedArityNamesTheMethod() {
		ProviderDefinition definition = dFile("orders", probe("order__placed", "char *", ArgumentKind.STRING),
				probe("order__shipped"), probe("cancelled"));
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> TypedProviders.validate(OrderProbes.class, definition))
			.withMessageContaining("orderPlaced(String, long)")
			.withMessageContaining("it has 2 parameters, the probe 1 arguments");
	}

	@Test
	void probeMissingFromDefinitionListsTheDeclaredProbes() {
		ProviderDefinition definition = dFile("orders", probe("order__created"));
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> TypedProviders.validate(OrderProbes.class, definition))
			.withMessageContaining("fires probe 'cancelled', which provider 'orders' (orders.d) does not declare")
			.withMessageContaining("declared probes: [order__created]");
	}

	@Test
	void unsupportedParameterTypeFailsNamingTheMethod() {
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> TypedProviders.definitionOf(UnsupportedType.class))
			.withMessageContaining(UnsupportedType.class.getName())
			.withMessageContaining("sent(List)")
			.withMessageContaining("unsupported type java.util.List");
	}

	@Test
	void moreThanSixParametersFailsNamingTheMethod() {
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> TypedProviders.definitionOf(TooMany.class))
			.withMessageContaining("many(int, int, int, int, int, int, int) has 7 parameters");
	}

	@Test
	void nonVoidMethodFails() {
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> TypedProviders.definitionOf(ReturnsValue.class))
			.withMessageContaining("count() must return void");
	}

	@Test
	void twoMethodsFiringOneProbeFail() {
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> TypedProviders.definitionOf(Duplicate.class))
			.withMessageContaining("both fire probe 'order__placed'");
	}

	@Test
	void enabledCheckWithoutFireMethodFails() {
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> TypedProviders.definitionOf(OrphanCheck.class))
			.withMessageContaining("isGoneEnabled() checks probe 'gone', but no method fires it");
	}

	@Test
	void providerNameThatIsNotAnIdentifierFailsNamingTheInterface() {
		assertThatExceptionOfType(UsdtException.class).isThrownBy(() -> TypedProviders.definitionOf(DashedProvider.class))
			.withMessageContaining(DashedProvider.class.getName())
			.withMessageContaining("@UsdtProvider(\"x-y\") is not an identifier: it must start with a letter or '_' and contain only letters, digits and '_' (for example 'x_y')");
	}

	@Test
	void probeNameThatIsNotAnIdentifierFailsNamingTheMethod() {
		assertThatExceptionOfType(UsdtException.class).isThrownBy(() -> TypedProviders.definitionOf(BadProbeName.class))
			.withMessageContaining("sent(int) has @ProbeName(\"bad name\"), which is not an identifier");
	}

	@Test
	void arrayParameterIsNamedAsJavaWritesIt() {
		assertThatExceptionOfType(UsdtException.class).isThrownBy(() -> TypedProviders.definitionOf(ArrayParameter.class))
			.withMessageContaining("sent(long[]) has a parameter of unsupported type long[];");
	}

	@Test
	void providerWithoutProbesIsSaidToDeclareNone() {
		UsdtRuntime stapsdt = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.AUTO).withStrict(true));
		try (stapsdt) {
			assumeTrue("stapsdt".equals(stapsdt.backend()), "needs the Linux backend");
			assertThatExceptionOfType(UsdtException.class)
				.isThrownBy(() -> stapsdt.register(ProviderDefinition.of("empty")))
				.withMessageContaining("provider empty declares no probes");
		}
	}

	@Test
	void typeVariableParameterIsNamedAsWritten() {
		assertThatExceptionOfType(UsdtException.class).isThrownBy(() -> TypedProviders.definitionOf(Generic.class))
			.withMessageContaining("sent(Object) has a parameter of type variable T (erased to java.lang.Object)");
	}

	@Test
	void noOpRuntimeRefusesNamesNoTracerCouldShow() {
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> this.runtime.register(ProviderDefinition.of("x-y", ProbeDefinition.of("sent"))))
			.withMessageContaining("Provider name 'x-y' (")
			.withMessageContaining("is not an identifier: it must start with a letter or '_' and contain only letters, digits and '_' (for example 'x_y')");
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> this.runtime.register(ProviderDefinition.of("shop", ProbeDefinition.of("bad name!"))))
			.withMessageContaining("Probe name 'bad name!' of provider shop");
		assertThat(this.runtime.provider("shop")).isEmpty();
	}

	@Test
	void classOrUnannotatedInterfaceIsRejected() {
		assertThatExceptionOfType(UsdtException.class).isThrownBy(() -> TypedProviders.definitionOf(Runnable.class))
			.withMessageContaining("annotate an interface with @UsdtProvider");
	}

	@Test
	void lateBindingIsNoOpUntilTheProviderExists() {
		AtomicReference<Provider> registered = new AtomicReference<>();
		OrderProbes probes = TypedProviders.bindLater(OrderProbes.class, () -> Optional.ofNullable(registered.get()));
		probes.orderPlaced("early", 1);
		assertThat(probes.isOrderPlacedEnabled()).isFalse();
		assertThat(probes.toString()).endsWith("not bound yet");
		registered.set(this.runtime.register(TypedProviders.definitionOf(OrderProbes.class)));
		probes.orderPlaced("late", 2);
		assertThat(probes.isOrderPlacedEnabled()).isFalse();
		assertThat(probes.toString()).doesNotContain("not bound yet");
	}

	private static ProviderDefinition dFile(String name, ProbeDefinition... probes) {
		return new ProviderDefinition(name, List.of(probes), Map.of(), new SourceLocation("orders.d", 0, 0));
	}

	private static ProbeDefinition probe(String name, Object... typesAndKinds) {
		List<ProbeArgument> arguments = new java.util.ArrayList<>();
		for (int i = 0; i < typesAndKinds.length; i += 2) {
			arguments.add(new ProbeArgument(null, (String) typesAndKinds[i], (ArgumentKind) typesAndKinds[i + 1]));
		}
		return new ProbeDefinition(name, arguments, List.of(), new SourceLocation("orders.d", 3, 7));
	}

	enum Region {

		EU, US

	}

	@UsdtProvider("orders")
	interface OrderProbes {

		void orderPlaced(String id, long cents);

		void orderShipped(byte a, short b, Integer c, boolean d, char e, Region region);

		void cancelled();

		boolean isOrderPlacedEnabled();

		default String describe() {
			return "orders probes";
		}

	}

	/** Private: the processor cannot implement it, so the runtime defines the implementation. */
	@UsdtProvider("hidden")
	private interface HiddenProbes {

		void hidden(int value);

		void shipped(short b, Integer c, boolean d, char e, Region region, CharSequence note);

		boolean isHiddenEnabled();

		default int twice(int value) {
			return 2 * value;
		}

	}

	@UsdtProvider("orders")
	interface ExactNames {

		void orderPlaced(CharSequence id, long cents);

		void orderShipped(int count);

		boolean isOrderShippedEnabled();

	}

	@UsdtProvider("http")
	interface Renamed {

		@ProbeName("request__start")
		void start(String path);

		boolean isStartEnabled();

	}

	@UsdtProvider("bad")
	interface UnsupportedType {

		void sent(List<String> items);

	}

	@UsdtProvider("bad")
	interface TooMany {

		void many(int a, int b, int c, int d, int e, int f, int g);

	}

	@UsdtProvider("bad")
	interface ReturnsValue {

		int count();

	}

	@UsdtProvider("bad")
	interface Duplicate {

		void orderPlaced(String id);

		@ProbeName("order__placed")
		void placed(long id);

	}

	@UsdtProvider("x-y")
	interface DashedProvider {

		void sent(int value);

	}

	@UsdtProvider("bad")
	interface BadProbeName {

		@ProbeName("bad name")
		void sent(int value);

	}

	@UsdtProvider("bad")
	interface ArrayParameter {

		void sent(long[] values);

	}

	@UsdtProvider("bad")
	interface Generic<T> {

		void sent(T value);

	}

	@UsdtProvider("bad")
	interface OrphanCheck {

		void here();

		boolean isGoneEnabled();

	}

	/** Public, so the tests can call the copy an {@link IsolatingClassLoader} defines by reflection. */
	@UsdtProvider("isolated")
	public interface IsolatedProbes {

		void isolated(long value);

		boolean isIsolatedEnabled();

		default int twice(int value) {
			return 2 * value;
		}

	}

	/**
	 * Defines its own {@link IsolatedProbes} from the test's class file, as a plug-in's class loader
	 * would, and delegates the other classes it may see to the test's class loader.
	 */
	private static final class IsolatingClassLoader extends ClassLoader {

		private final Predicate<String> visible;

		IsolatingClassLoader(Predicate<String> visible) {
			super("isolating", TypedProvidersTests.class.getClassLoader());
			this.visible = visible;
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.equals(IsolatedProbes.class.getName())) {
				if (!this.visible.test(name)) {
					throw new ClassNotFoundException(name);
				}
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				return (loaded != null) ? loaded : define(name);
			}
		}

		private Class<?> define(String name) throws ClassNotFoundException {
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				byte[] bytes = in.readAllBytes();
				return defineClass(name, bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				throw new ClassNotFoundException(name, ex);
			}
		}

	}

}
