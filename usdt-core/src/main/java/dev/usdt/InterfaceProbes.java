package dev.usdt;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.JavaTypes;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.SourceLocation;

/**
 * The probes behind one instance of a {@link UsdtProvider @UsdtProvider} interface: a
 * {@link ProbeHandle} per abstract method, bound together to one provider. The implementation the
 * annotation processor generates, and the one {@link RuntimeImplementations} defines without it,
 * hold these handles in {@code final} fields; the JDK proxy of last resort looks them up per call.
 *
 * <p>
 * Bound late, the handles stay unbound (never enabled) until the provider exists. They bind on the
 * first call made while some probe of the process is enabled, which is the first moment one of
 * theirs could be, or when {@link #toString()} is asked.
 */
public final class InterfaceProbes {

	private final TypedInterface typed;

	private final Map<Method, ProbeHandle> byMethod = new LinkedHashMap<>();

	private final Map<String, ProbeHandle> byKey = new HashMap<>();

	private final Supplier<Optional<Provider>> lateSource;

	private volatile boolean bound;

	InterfaceProbes(TypedInterface typed, Supplier<Optional<Provider>> lateSource) {
		this.typed = typed;
		this.lateSource = lateSource;
		Runnable lateBinding = (lateSource != null) ? this::bindLate : null;
		for (Method method : typed.fireMethods()) {
			add(method, expected(typed.declaredProbeName(method), method), lateBinding);
		}
		for (Method check : typed.enabledChecks()) {
			add(check, ProbeDefinition.of(typed.derivedCheckName(check)), lateBinding);
		}
	}

	private void add(Method method, ProbeDefinition expected, Runnable lateBinding) {
		ProbeHandle handle = new ProbeHandle(this.typed.provider(), expected, lateBinding);
		this.byMethod.put(method, handle);
		this.byKey.put(key(method), handle);
	}

	/**
	 * The handle of one abstract method, by its name and parameter types as generated code spells
	 * them, e.g. {@code orderPlaced(java.lang.String,long)}.
	 * @throws IllegalArgumentException if the interface has no such abstract method (the generated
	 * class is older than the interface: recompile both)
	 */
	public ProbeHandle handle(String method) {
		ProbeHandle handle = this.byKey.get(method);
		if (handle == null) {
			throw new IllegalArgumentException("Typed USDT provider " + this.typed.type().getName()
					+ " has no probe method " + method + "; recompile it together with its generated implementation");
		}
		return handle;
	}

	/** The handle of one abstract method, or {@code null} for any other method. */
	ProbeHandle handle(Method method) {
		return this.byMethod.get(method);
	}

	Class<?> type() {
		return this.typed.type();
	}

	/**
	 * Points every handle at {@code provider}'s probes.
	 * @throws UsdtException if the interface does not match the provider's definition
	 */
	synchronized void bind(Provider provider) {
		Map<Method, ProbeDefinition> resolved = InterfaceResolution.resolve(this.typed, provider.definition());
		for (Map.Entry<Method, ProbeDefinition> entry : resolved.entrySet()) {
			this.byMethod.get(entry.getKey()).bind(provider.probe(entry.getValue().name()));
		}
		this.bound = true;
	}

	private void bindLate() {
		if (!this.bound && this.lateSource != null) {
			synchronized (this) {
				if (!this.bound) {
					Optional<Provider> provider = this.lateSource.get();
					if (provider.isPresent()) {
						bind(provider.get());
					}
				}
			}
		}
	}

	/** The generated code's key for a method: {@code name(canonical parameter types)}. */
	static String key(Method method) {
		StringJoiner key = new StringJoiner(",", method.getName() + "(", ")");
		for (Class<?> parameter : method.getParameterTypes()) {
			key.add(parameter.getCanonicalName());
		}
		return key.toString();
	}

	private static ProbeDefinition expected(String name, Method method) {
		List<ProbeArgument> arguments = new ArrayList<>();
		for (Class<?> type : method.getParameterTypes()) {
			arguments.add(ProbeArgument.of(JavaTypes.integerKind(type.getName()).orElse(ArgumentKind.STRING)));
		}
		return new ProbeDefinition(name, arguments, List.of(),
				SourceLocation.of(method.getDeclaringClass().getName() + "#" + method.getName()));
	}

	@Override
	public String toString() {
		bindLate();
		return "USDT provider " + this.typed.provider() + " (" + this.typed.type().getName() + ")"
				+ (this.bound ? "" : ", not bound yet");
	}

}
