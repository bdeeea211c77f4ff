package dev.usdt;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.JavaNames;
import dev.usdt.parser.JavaTypes;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

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
 * Everything here works without Spring; the Spring Boot starter uses the same rules to inject
 * such interfaces as beans.
 */
public final class TypedProviders {

	private static final String ENABLED_PREFIX = "is";

	private static final String ENABLED_SUFFIX = "Enabled";

	private TypedProviders() {
	}

	/**
	 * Binds {@code type} to its provider in {@code runtime}: the registered provider of that name if
	 * there is one (the interface must then match it), else a provider registered from the
	 * interface itself.
	 * @throws UsdtException if the interface is not a valid typed provider or does not match
	 */
	public static <T> T bind(UsdtRuntime runtime, Class<T> type) {
		String name = providerName(type);
		synchronized (runtime) {
			Provider provider = runtime.provider(name).orElseGet(() -> runtime.register(definitionOf(type)));
			return bind(provider, type);
		}
	}

	/**
	 * Binds {@code type} to a registered provider.
	 * @throws UsdtException if the interface does not match the provider's definition
	 */
	public static <T> T bind(Provider provider, Class<T> type) {
		ProbeTable table = new ProbeTable(type);
		table.bind(provider);
		return table.proxy();
	}

	/**
	 * Binds {@code type} on first use once {@code provider} supplies a registered provider. Until
	 * then its fire methods do nothing and its is-enabled methods return {@code false}. For
	 * containers that create the instance before the probes are registered; the interface is
	 * checked for its own validity now, against the provider's definition when it binds.
	 * @throws UsdtException if the interface is not a valid typed provider
	 */
	public static <T> T bindLater(Class<T> type, Supplier<Optional<Provider>> provider) {
		ProbeTable table = new ProbeTable(type);
		table.source = provider;
		return table.proxy();
	}

	/** The provider name of a {@link UsdtProvider @UsdtProvider} interface. */
	public static String providerName(Class<?> type) {
		UsdtProvider annotation = type.getAnnotation(UsdtProvider.class);
		if (!type.isInterface() || annotation == null) {
			throw new UsdtException(type.getName() + " is not a typed USDT provider: annotate an interface with "
					+ "@UsdtProvider(\"name\")");
		}
		if (annotation.value().isBlank()) {
			throw new UsdtException("@UsdtProvider on " + type.getName() + " needs a provider name");
		}
		return annotation.value();
	}

	/**
	 * The provider an interface declares when no {@code .d} file does: one probe per fire method,
	 * argument kinds from the parameter types, parameter names when compiled with
	 * {@code -parameters}.
	 * @throws UsdtException naming the method when a method cannot be a probe, or two methods
	 * name the same probe
	 */
	public static ProviderDefinition definitionOf(Class<?> type) {
		String provider = providerName(type);
		Map<String, ProbeDefinition> probes = new LinkedHashMap<>();
		Map<String, Method> declaredBy = new HashMap<>();
		for (Method method : fireMethods(type)) {
			String name = declaredProbeName(method);
			Method previous = declaredBy.putIfAbsent(name, method);
			if (previous != null) {
				throw new UsdtException("Typed USDT provider " + type.getName() + ": methods " + describe(previous)
						+ " and " + describe(method) + " both fire probe '" + name
						+ "'; rename one or give it a distinct @ProbeName");
			}
			List<ProbeArgument> arguments = new ArrayList<>();
			for (Parameter parameter : method.getParameters()) {
				ArgumentKind kind = parameterKind(method, parameter.getType());
				arguments.add(parameter.isNamePresent() ? ProbeArgument.of(parameter.getName(), kind)
						: ProbeArgument.of(kind));
			}
			probes.put(name, new ProbeDefinition(name, arguments, List.of(),
					SourceLocation.of(type.getName() + "#" + method.getName())));
		}
		for (Method check : enabledChecks(type)) {
			String probe = enabledCheckTarget(type, check, declaredBy).orElseThrow(() -> new UsdtException(
					"Typed USDT provider " + type.getName() + ": " + describe(check) + " checks probe '"
							+ derivedCheckName(check) + "', but no method fires it; add the fire method or "
							+ "annotate the check with @ProbeName"));
			if (!probes.containsKey(probe)) {
				throw new UsdtException("Typed USDT provider " + type.getName() + ": " + describe(check)
						+ " checks probe '" + probe + "', but no method fires it");
			}
		}
		return new ProviderDefinition(provider, List.copyOf(probes.values()), Map.of(),
				SourceLocation.of(type.getName()));
	}

	/**
	 * Checks that {@code type} can be bound to {@code definition}: every fire method names a
	 * declared probe, with the same number of arguments and compatible types (integers for integer
	 * or pointer arguments, text for {@code char *}). Probes the interface does not use are fine.
	 * @throws UsdtException naming the interface, the method and what differs
	 */
	public static void validate(Class<?> type, ProviderDefinition definition) {
		resolve(type, definition);
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

	private static boolean isText(Class<?> type) {
		return CharSequence.class.isAssignableFrom(type) || type.isEnum();
	}

	private static ArgumentKind parameterKind(Method method, Class<?> type) {
		Optional<ArgumentKind> integer = integerKind(type);
		if (integer.isPresent()) {
			return integer.get();
		}
		if (isText(type)) {
			return ArgumentKind.STRING;
		}
		throw new UsdtException("Typed USDT provider " + method.getDeclaringClass().getName() + ": " + describe(method)
				+ " has a parameter of unsupported type " + type.getName()
				+ "; use an integer type, boolean, char, String, CharSequence or an enum (pass toString() yourself)");
	}

	/** Abstract {@code void} methods, in a stable order; rejects every other abstract shape. */
	private static List<Method> fireMethods(Class<?> type) {
		providerName(type);
		List<Method> fire = new ArrayList<>();
		for (Method method : abstractMethods(type)) {
			if (isEnabledCheck(method)) {
				continue;
			}
			if (method.getReturnType() != void.class) {
				throw new UsdtException("Typed USDT provider " + type.getName() + ": " + describe(method)
						+ " must return void (it fires a probe) or be a 'boolean isXxxEnabled()' check");
			}
			if (method.getParameterCount() > ProbeDefinition.MAX_ARGUMENTS) {
				throw new UsdtException("Typed USDT provider " + type.getName() + ": " + describe(method) + " has "
						+ method.getParameterCount() + " parameters; a probe takes at most "
						+ ProbeDefinition.MAX_ARGUMENTS);
			}
			for (Class<?> parameter : method.getParameterTypes()) {
				parameterKind(method, parameter);
			}
			fire.add(method);
		}
		return fire;
	}

	private static List<Method> enabledChecks(Class<?> type) {
		return abstractMethods(type).stream().filter(TypedProviders::isEnabledCheck).toList();
	}

	private static List<Method> abstractMethods(Class<?> type) {
		return Arrays.stream(type.getMethods())
			.filter((method) -> Modifier.isAbstract(method.getModifiers()))
			.sorted(Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount)
				.thenComparing((method) -> Arrays.toString(method.getParameterTypes())))
			.toList();
	}

	private static boolean isEnabledCheck(Method method) {
		String name = method.getName();
		return method.getParameterCount() == 0 && method.getReturnType() == boolean.class
				&& name.length() > ENABLED_PREFIX.length() + ENABLED_SUFFIX.length() && name.startsWith(ENABLED_PREFIX)
				&& name.endsWith(ENABLED_SUFFIX)
				&& Character.isUpperCase(name.charAt(ENABLED_PREFIX.length()));
	}

	/** {@code isOrderPlacedEnabled} → {@code orderPlaced}: the fire method it belongs to. */
	private static String checkedMethodName(Method check) {
		String name = check.getName();
		String base = name.substring(ENABLED_PREFIX.length(), name.length() - ENABLED_SUFFIX.length());
		return Character.toLowerCase(base.charAt(0)) + base.substring(1);
	}

	private static String derivedCheckName(Method check) {
		ProbeName explicit = check.getAnnotation(ProbeName.class);
		return (explicit != null) ? explicit.value() : probeName(checkedMethodName(check));
	}

	/** The probe a check asks about, from the probes the fire methods were resolved to. */
	private static Optional<String> enabledCheckTarget(Class<?> type, Method check, Map<String, Method> fired) {
		ProbeName explicit = check.getAnnotation(ProbeName.class);
		if (explicit != null) {
			return Optional.of(explicit.value());
		}
		String methodName = checkedMethodName(check);
		return fired.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().getName().equals(methodName))
			.map(Map.Entry::getKey)
			.findFirst();
	}

	private static String declaredProbeName(Method method) {
		ProbeName explicit = method.getAnnotation(ProbeName.class);
		return (explicit != null) ? explicit.value() : probeName(method.getName());
	}

	/** Maps every abstract method to the probe it fires or checks, validating against the definition. */
	private static Map<Method, ProbeDefinition> resolve(Class<?> type, ProviderDefinition definition) {
		String provider = providerName(type);
		if (!provider.equals(definition.name())) {
			throw new UsdtException("Typed USDT provider " + type.getName() + " is @UsdtProvider(\"" + provider
					+ "\"), but was bound to provider '" + definition.name() + "'");
		}
		Map<Method, ProbeDefinition> resolved = new LinkedHashMap<>();
		Map<String, Method> fired = new HashMap<>();
		for (Method method : fireMethods(type)) {
			ProbeDefinition probe = candidateNames(method).stream()
				.map(definition::probe)
				.flatMap(Optional::stream)
				.findFirst()
				.orElseThrow(() -> new UsdtException("Typed USDT provider " + type.getName() + ": " + describe(method)
						+ " fires probe '" + declaredProbeName(method) + "', which provider '" + definition.name()
						+ "' (" + definition.location() + ") does not declare; declared probes: "
						+ probeNames(definition)));
			checkArguments(type, method, probe, definition);
			resolved.put(method, probe);
			fired.putIfAbsent(probe.name(), method);
		}
		for (Method check : enabledChecks(type)) {
			String name = enabledCheckTarget(type, check, fired).orElseGet(() -> derivedCheckName(check));
			ProbeDefinition probe = definition.probe(name)
				.orElseThrow(() -> new UsdtException("Typed USDT provider " + type.getName() + ": " + describe(check)
						+ " checks probe '" + name + "', which provider '" + definition.name() + "' ("
						+ definition.location() + ") does not declare; declared probes: " + probeNames(definition)));
			resolved.put(check, probe);
		}
		return resolved;
	}

	private static List<String> candidateNames(Method method) {
		ProbeName explicit = method.getAnnotation(ProbeName.class);
		if (explicit != null) {
			return List.of(explicit.value());
		}
		return List.of(method.getName(), probeName(method.getName()));
	}

	private static void checkArguments(Class<?> type, Method method, ProbeDefinition probe,
			ProviderDefinition definition) {
		String where = "Typed USDT provider " + type.getName() + ": " + describe(method) + " does not match "
				+ definition.name() + ":" + probe.signature() + " (" + probe.location() + "): ";
		if (method.getParameterCount() != probe.arguments().size()) {
			throw new UsdtException(where + "it has " + method.getParameterCount() + " parameters, the probe "
					+ probe.arguments().size() + " arguments");
		}
		Class<?>[] parameters = method.getParameterTypes();
		for (int i = 0; i < parameters.length; i++) {
			ArgumentKind declared = probe.arguments().get(i).kind();
			boolean text = isText(parameters[i]);
			if (text != declared.isString()) {
				throw new UsdtException(where + "parameter " + (i + 1) + " is " + parameters[i].getSimpleName()
						+ ", the probe argument is " + probe.arguments().get(i).declaredType() + "; use "
						+ (declared.isString() ? "String, CharSequence or an enum" : "an integer type"));
			}
		}
	}

	private static String probeNames(ProviderDefinition definition) {
		return definition.probes().stream().map(ProbeDefinition::name).collect(Collectors.joining(", ", "[", "]"));
	}

	private static String describe(Method method) {
		return method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", "(", ")"));
	}

	/**
	 * The method-to-probe table behind one proxy. Bound at most once; until then every probe
	 * method is a no-op.
	 */
	private static final class ProbeTable implements InvocationHandler {

		private final Class<?> type;

		private final String provider;

		Supplier<Optional<Provider>> source = Optional::empty;

		private volatile Map<Method, Probe> probes;

		ProbeTable(Class<?> type) {
			this.type = type;
			this.provider = providerName(type);
			fireMethods(type);
		}

		void bind(Provider provider) {
			Map<Method, ProbeDefinition> resolved = resolve(this.type, provider.definition());
			Map<Method, Probe> probes = new HashMap<>();
			resolved.forEach((method, probe) -> probes.put(method, provider.probe(probe.name())));
			this.probes = probes;
		}

		@SuppressWarnings("unchecked")
		<T> T proxy() {
			return (T) Proxy.newProxyInstance(this.type.getClassLoader(), new Class<?>[] { this.type }, this);
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			Map<Method, Probe> probes = this.probes;
			if (probes == null) {
				probes = bindFromSource();
			}
			Probe probe = (probes != null) ? probes.get(method) : null;
			if (probe != null) {
				if (method.getReturnType() == boolean.class) {
					return probe.shouldFire();
				}
				probe.fireArgs(args);
				return null;
			}
			return invokeOther(proxy, method, args, probes != null);
		}

		private Map<Method, Probe> bindFromSource() {
			synchronized (this) {
				if (this.probes == null) {
					this.source.get().ifPresent(this::bind);
				}
				return this.probes;
			}
		}

		private Object invokeOther(Object proxy, Method method, Object[] args, boolean bound) throws Throwable {
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "equals" -> proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> "USDT provider " + this.provider + " (" + this.type.getName() + ")"
							+ (bound ? "" : ", not bound yet");
				};
			}
			if (method.isDefault()) {
				return InvocationHandler.invokeDefault(proxy, method, args);
			}
			// Not bound yet: probes cannot be enabled, so a check answers false and a fire does nothing
			return (method.getReturnType() == boolean.class) ? Boolean.FALSE : null;
		}

	}

}
