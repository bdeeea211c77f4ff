package dev.usdt;

import java.util.Optional;
import java.util.function.Supplier;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.JavaNames;
import dev.usdt.parser.JavaTypes;
import dev.usdt.parser.ProviderDefinition;

/**
 * Turns a {@link UsdtProvider @UsdtProvider} interface into probes: each {@code void} method fires
 * a probe, each {@code boolean isXxxEnabled()} asks whether probe {@code xxx} is enabled.
 *
 * <pre>{@code
 * @UsdtProvider("orders")
 * interface OrderProbes {
 *     void orderPlaced(String id, long cents);      // fires orders:order__placed(char *, int64_t)
 *     boolean isOrderPlacedEnabled();
 * }
 *
 * OrderProbes probes = TypedProviders.bind(runtime, OrderProbes.class);
 * probes.orderPlaced("A-1001", 1299);
 * }</pre>
 *
 * <p>
 * A method's probe name is its {@link ProbeName @ProbeName}, else its name with each camelCase
 * boundary turned into {@code __} ({@code orderPlaced} → {@code order__placed}, the convention
 * DTrace shows as {@code order-placed}). Bound against a provider declared in a {@code .d} file, a
 * method may also use the probe's exact name. Parameters (at most six) are {@code byte},
 * {@code short}, {@code int}, {@code long}, {@code boolean}, {@code char} (or their boxes) for
 * integers, and {@link String}, {@link CharSequence} or an enum for {@code char *}; anything else
 * is rejected, so an interface never fires a value the tracer cannot show.
 *
 * <p>
 * The instance is the implementation usdt-core's annotation processor generated at compile time
 * ({@code OrderProbes_Usdt}: a disabled call costs what a disabled {@code static final}
 * {@link Probe} costs); for an interface compiled without the processor, a class with the same code
 * defined at run time; and only where no class can be defined in the interface's package (a named
 * module not open to usdt-core, a native image), a JDK proxy. Everything here works
 * without Spring; the Spring Boot starter uses the same rules to inject such interfaces as beans.
 */
public final class TypedProviders {

	private TypedProviders() {
	}

	/**
	 * Binds {@code type} to its provider in {@code runtime}: the registered provider of that name if
	 * there is one (the interface must then match it), else a provider registered from the
	 * interface itself.
	 * @throws UsdtException if the interface is not a valid typed provider or does not match
	 */
	public static <T> T bind(UsdtRuntime runtime, Class<T> type) {
		TypedInterface typed = new TypedInterface(type);
		synchronized (runtime) {
			Optional<Provider> registered = runtime.provider(typed.provider());
			return bind(registered.isPresent() ? registered.get() : runtime.register(typed.definition()), typed);
		}
	}

	/**
	 * Binds {@code type} to a registered provider.
	 * @throws UsdtException if the interface does not match the provider's definition
	 */
	public static <T> T bind(Provider provider, Class<T> type) {
		return bind(provider, new TypedInterface(type));
	}

	private static <T> T bind(Provider provider, TypedInterface typed) {
		InterfaceProbes probes = new InterfaceProbes(typed, null);
		probes.bind(provider);
		return implement(typed, probes);
	}

	/**
	 * Binds {@code type} once {@code provider} supplies a registered provider. Until then its fire
	 * methods do nothing and its is-enabled methods return {@code false}; it binds on the first
	 * call made while some probe of the process is enabled. For containers that create the instance
	 * before the probes are registered; the interface is checked for its own validity now, against
	 * the provider's definition when it binds.
	 * @throws UsdtException if the interface is not a valid typed provider
	 */
	public static <T> T bindLater(Class<T> type, Supplier<Optional<Provider>> provider) {
		TypedInterface typed = new TypedInterface(type);
		return implement(typed, new InterfaceProbes(typed, provider));
	}

	private static <T> T implement(TypedInterface typed, InterfaceProbes probes) {
		@SuppressWarnings("unchecked")
		Class<T> type = (Class<T>) typed.type();
		// No lambdas: every Spring context binding a typed interface runs this at start-up
		Optional<T> implementation = GeneratedImplementations.create(type, probes);
		if (implementation.isEmpty()) {
			implementation = RuntimeImplementations.create(type, probes);
		}
		return implementation.isPresent() ? implementation.get() : InterfaceProxy.create(type, probes);
	}

	/** The provider name of a {@link UsdtProvider @UsdtProvider} interface. */
	public static String providerName(Class<?> type) {
		return TypedInterface.providerName(type);
	}

	/**
	 * The provider an interface declares when no {@code .d} file does: one probe per fire method,
	 * argument kinds from the parameter types, parameter names when compiled with
	 * {@code -parameters}.
	 * @throws UsdtException naming the method when a method cannot be a probe, or two methods
	 * name the same probe
	 */
	public static ProviderDefinition definitionOf(Class<?> type) {
		return new TypedInterface(type).definition();
	}

	/**
	 * Checks that {@code type} can be bound to {@code definition}: every fire method names a
	 * declared probe, with the same number of arguments and compatible types (integers for integer
	 * or pointer arguments, text for {@code char *}). Probes the interface does not use are fine.
	 * @throws UsdtException naming the interface, the method and what differs
	 */
	public static void validate(Class<?> type, ProviderDefinition definition) {
		InterfaceResolution.resolve(new TypedInterface(type), definition);
	}

	/**
	 * The probe name for a method name: {@code orderPlaced} → {@code order__placed},
	 * {@code parseHTTPRequest} → {@code parse__http__request}; names without capitals are unchanged.
	 */
	public static String probeName(String methodName) {
		return JavaNames.probeName(methodName);
	}

	/**
	 * The integer kind a Java type is passed as: signed of its width for {@code byte},
	 * {@code short}, {@code int}, {@code long}; {@code uint8_t} for {@code boolean};
	 * {@code uint16_t} for {@code char}; boxes like their primitives. Empty for every other type.
	 */
	public static Optional<ArgumentKind> integerKind(Class<?> type) {
		return JavaTypes.integerKind(type.getName());
	}

}
