package dev.usdt;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.DNames;
import dev.usdt.parser.JavaNames;
import dev.usdt.parser.JavaTypes;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

/**
 * A {@link UsdtProvider @UsdtProvider} interface read by reflection: its provider name, its fire
 * methods and is-enabled checks, the probe each one names, and the definition it declares when no
 * {@code .d} file does. Rejects every shape that cannot be a probe, naming the method.
 */
final class TypedInterface {

	private static final String ENABLED_PREFIX = "is";

	private static final String ENABLED_SUFFIX = "Enabled";

	private final Class<?> type;

	private final String provider;

	private final List<Method> fireMethods;

	private final List<Method> enabledChecks;

	TypedInterface(Class<?> type) {
		this.type = type;
		this.provider = providerName(type);
		List<Method> fire = new ArrayList<>();
		List<Method> checks = new ArrayList<>();
		for (Method method : abstractMethods(type)) {
			ProbeName explicit = method.getAnnotation(ProbeName.class);
			if (explicit != null && !DNames.isIdentifier(explicit.value())) {
				throw failure(describe(method) + " has @ProbeName(\"" + explicit.value()
						+ "\"), which is not an identifier: " + DNames.probeNameRule(explicit.value()));
			}
			if (isEnabledCheck(method)) {
				checks.add(method);
			}
			else {
				checkFireMethod(method);
				fire.add(method);
			}
		}
		this.fireMethods = List.copyOf(fire);
		this.enabledChecks = List.copyOf(checks);
	}

	static String providerName(Class<?> type) {
		UsdtProvider annotation = type.getAnnotation(UsdtProvider.class);
		if (!type.isInterface() || annotation == null) {
			throw new UsdtException(type.getName() + " is not a typed USDT provider: annotate an interface with "
					+ "@UsdtProvider(\"name\")");
		}
		if (annotation.value().isBlank()) {
			throw new UsdtException("@UsdtProvider on " + type.getName() + " needs a provider name");
		}
		if (!DNames.isIdentifier(annotation.value())) {
			throw new UsdtException("Typed USDT provider " + type.getName() + ": @UsdtProvider(\"" + annotation.value()
					+ "\") is not an identifier: " + DNames.providerNameRule(annotation.value()));
		}
		return annotation.value();
	}

	Class<?> type() {
		return this.type;
	}

	String provider() {
		return this.provider;
	}

	/** Abstract {@code void} methods, in a stable order. */
	List<Method> fireMethods() {
		return this.fireMethods;
	}

	/** Abstract {@code boolean isXxxEnabled()} methods, in a stable order. */
	List<Method> enabledChecks() {
		return this.enabledChecks;
	}

	/** The definition the interface declares: one probe per fire method, kinds from the parameter types. */
	ProviderDefinition definition() {
		Map<String, ProbeDefinition> probes = new LinkedHashMap<>();
		Map<String, Method> declaredBy = new HashMap<>();
		for (Method method : this.fireMethods) {
			String name = declaredProbeName(method);
			Method previous = declaredBy.putIfAbsent(name, method);
			if (previous != null) {
				throw failure(describe(previous) + " and " + describe(method) + " both fire probe '" + name
						+ "'; rename one or give it a distinct @ProbeName");
			}
			List<ProbeArgument> arguments = new ArrayList<>();
			Parameter[] parameters = method.getParameters();
			for (int i = 0; i < parameters.length; i++) {
				Parameter parameter = parameters[i];
				ArgumentKind kind = parameterKind(method, i, parameter.getType());
				arguments.add(parameter.isNamePresent() ? ProbeArgument.of(parameter.getName(), kind)
						: ProbeArgument.of(kind));
			}
			probes.put(name, new ProbeDefinition(name, arguments, List.of(),
					SourceLocation.of(this.type.getName() + "#" + method.getName())));
		}
		for (Method check : this.enabledChecks) {
			String probe = enabledCheckTarget(check, declaredBy).orElseThrow(() -> failure(describe(check)
					+ " checks probe '" + derivedCheckName(check) + "', but no method fires it; add the fire method or "
					+ "annotate the check with @ProbeName"));
			if (!probes.containsKey(probe)) {
				throw failure(describe(check) + " checks probe '" + probe + "', but no method fires it");
			}
		}
		return new ProviderDefinition(this.provider, List.copyOf(probes.values()), Map.of(),
				SourceLocation.of(this.type.getName()));
	}

	/** The names a fire method may match in a definition: its {@code @ProbeName}, else its own name or the derived one. */
	List<String> candidateNames(Method method) {
		ProbeName explicit = method.getAnnotation(ProbeName.class);
		if (explicit != null) {
			return List.of(explicit.value());
		}
		return List.of(method.getName(), JavaNames.probeName(method.getName()));
	}

	String declaredProbeName(Method method) {
		ProbeName explicit = method.getAnnotation(ProbeName.class);
		return (explicit != null) ? explicit.value() : JavaNames.probeName(method.getName());
	}

	/** The probe a check asks about, from the probes the fire methods were resolved to. */
	Optional<String> enabledCheckTarget(Method check, Map<String, Method> fired) {
		ProbeName explicit = check.getAnnotation(ProbeName.class);
		if (explicit != null) {
			return Optional.of(explicit.value());
		}
		String methodName = checkedMethodName(check);
		for (Map.Entry<String, Method> entry : fired.entrySet()) {
			if (entry.getValue().getName().equals(methodName)) {
				return Optional.of(entry.getKey());
			}
		}
		return Optional.empty();
	}

	String derivedCheckName(Method check) {
		ProbeName explicit = check.getAnnotation(ProbeName.class);
		return (explicit != null) ? explicit.value() : JavaNames.probeName(checkedMethodName(check));
	}

	static boolean isText(Class<?> type) {
		return CharSequence.class.isAssignableFrom(type) || type.isEnum();
	}

	UsdtException failure(String message) {
		return new UsdtException("Typed USDT provider " + this.type.getName() + ": " + message);
	}

	/** {@code orderPlaced(String, long)}. */
	static String describe(Method method) {
		StringJoiner parameters = new StringJoiner(", ", method.getName() + "(", ")");
		for (Class<?> parameter : method.getParameterTypes()) {
			parameters.add(parameter.getSimpleName());
		}
		return parameters.toString();
	}

	private void checkFireMethod(Method method) {
		if (method.getReturnType() != void.class) {
			throw failure(describe(method)
					+ " must return void (it fires a probe) or be a 'boolean isXxxEnabled()' check");
		}
		if (method.getParameterCount() > ProbeDefinition.MAX_ARGUMENTS) {
			throw failure(describe(method) + " has " + method.getParameterCount() + " parameters; a probe takes at most "
					+ ProbeDefinition.MAX_ARGUMENTS);
		}
		Class<?>[] parameters = method.getParameterTypes();
		for (int i = 0; i < parameters.length; i++) {
			parameterKind(method, i, parameters[i]);
		}
	}

	private ArgumentKind parameterKind(Method method, int index, Class<?> type) {
		Optional<ArgumentKind> integer = JavaTypes.integerKind(type.getName());
		if (integer.isPresent()) {
			return integer.get();
		}
		if (isText(type)) {
			return ArgumentKind.STRING;
		}
		// Generic types only now: reading them loads the signature parser, which start-up does not need
		Type[] declared = method.getGenericParameterTypes();
		if (index < declared.length && declared[index] instanceof TypeVariable<?> variable) {
			// describe() shows the erasure, which the author never wrote
			throw failure(describe(method) + " has a parameter of type variable " + variable.getName() + " (erased to "
					+ type.getName() + "); a probe needs concrete types: an integer type, boolean, char, String, "
					+ "CharSequence or an enum");
		}
		throw failure(describe(method) + " has a parameter of unsupported type " + type.getTypeName()
				+ "; use an integer type, boolean, char, String, CharSequence or an enum (pass toString() yourself)");
	}

	/**
	 * Sorted by name, parameter count and parameter types, without streams or comparator lambdas:
	 * every Spring context binding a typed interface runs this at start-up (docs/architecture.md §5).
	 */
	private static List<Method> abstractMethods(Class<?> type) {
		List<Method> methods = new ArrayList<>();
		for (Method method : type.getMethods()) {
			if (Modifier.isAbstract(method.getModifiers())) {
				int at = methods.size();
				while (at > 0 && compare(methods.get(at - 1), method) > 0) {
					at--;
				}
				methods.add(at, method);
			}
		}
		return methods;
	}

	private static int compare(Method a, Method b) {
		int byName = a.getName().compareTo(b.getName());
		if (byName != 0) {
			return byName;
		}
		int byCount = Integer.compare(a.getParameterCount(), b.getParameterCount());
		if (byCount != 0) {
			return byCount;
		}
		return Arrays.toString(a.getParameterTypes()).compareTo(Arrays.toString(b.getParameterTypes()));
	}

	private static boolean isEnabledCheck(Method method) {
		return method.getParameterCount() == 0 && method.getReturnType() == boolean.class
				&& JavaNames.isEnabledCheck(method.getName());
	}

	/** {@code isOrderPlacedEnabled} → {@code orderPlaced}: the fire method it belongs to. */
	private static String checkedMethodName(Method check) {
		String name = check.getName();
		String base = name.substring(ENABLED_PREFIX.length(), name.length() - ENABLED_SUFFIX.length());
		return Character.toLowerCase(base.charAt(0)) + base.substring(1);
	}

}
