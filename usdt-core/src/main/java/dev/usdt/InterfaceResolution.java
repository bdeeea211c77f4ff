package dev.usdt;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Collectors;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * Matches a typed interface against a provider's definition: every fire method names a declared
 * probe with the same number of arguments and compatible types (integers for integer or pointer
 * arguments, text for {@code char *}); every check names a declared probe. Probes the interface
 * does not use are fine.
 */
final class InterfaceResolution {

	private InterfaceResolution() {
	}

	/**
	 * Every abstract method mapped to the probe it fires or checks.
	 * @throws UsdtException naming the interface, the method and what differs
	 */
	static Map<Method, ProbeDefinition> resolve(TypedInterface typed, ProviderDefinition definition) {
		if (!typed.provider().equals(definition.name())) {
			throw new UsdtException("Typed USDT provider " + typed.type().getName() + " is @UsdtProvider(\""
					+ typed.provider() + "\"), but was bound to provider '" + definition.name() + "'");
		}
		Map<Method, ProbeDefinition> resolved = new LinkedHashMap<>();
		Map<String, Method> fired = new HashMap<>();
		for (Method method : typed.fireMethods()) {
			ProbeDefinition probe = firstDeclared(typed.candidateNames(method), definition);
			if (probe == null) {
				throw typed.failure(TypedInterface.describe(method) + " fires probe '" + typed.declaredProbeName(method)
						+ "', which provider '" + definition.name() + "' (" + definition.location()
						+ ") does not declare; declared probes: " + probeNames(definition));
			}
			checkArguments(typed, method, probe, definition);
			resolved.put(method, probe);
			fired.putIfAbsent(probe.name(), method);
		}
		for (Method check : typed.enabledChecks()) {
			String target = typed.enabledCheckTarget(check, fired).orElse(null);
			String name = (target != null) ? target : typed.derivedCheckName(check);
			ProbeDefinition probe = definition.probe(name).orElse(null);
			if (probe == null) {
				throw typed.failure(TypedInterface.describe(check) + " checks probe '" + name + "', which provider '"
						+ definition.name() + "' (" + definition.location() + ") does not declare; declared probes: "
						+ probeNames(definition));
			}
			resolved.put(check, probe);
		}
		return resolved;
	}

	private static ProbeDefinition firstDeclared(List<String> names, ProviderDefinition definition) {
		for (String name : names) {
			ProbeDefinition probe = definition.probe(name).orElse(null);
			if (probe != null) {
				return probe;
			}
		}
		return null;
	}

	private static void checkArguments(TypedInterface typed, Method method, ProbeDefinition probe,
			ProviderDefinition definition) {
		String mismatch = mismatch(method, probe);
		if (mismatch != null) {
			// Described only now: every typed interface is checked at start-up (docs/architecture.md §5)
			throw typed.failure(TypedInterface.describe(method) + " does not match " + definition.name() + ":"
					+ probe.signature() + " (" + probe.location() + "): " + mismatch);
		}
	}

	/** What keeps {@code method} from firing {@code probe}, or {@code null} if nothing does. */
	private static String mismatch(Method method, ProbeDefinition probe) {
		if (method.getParameterCount() != probe.arguments().size()) {
			return "it has " + method.getParameterCount() + " parameters, the probe " + probe.arguments().size()
					+ " arguments";
		}
		Class<?>[] parameters = method.getParameterTypes();
		for (int i = 0; i < parameters.length; i++) {
			ArgumentKind declared = probe.arguments().get(i).kind();
			if (TypedInterface.isText(parameters[i]) != declared.isString()) {
				return "parameter " + (i + 1) + " is " + parameters[i].getSimpleName() + ", the probe argument is "
						+ probe.arguments().get(i).declaredType() + "; use "
						+ (declared.isString() ? "String, CharSequence or an enum" : "an integer type");
			}
		}
		if (!probe.isFireable()) {
			return "the probe " + probe.unfireableReason().orElse("cannot be fired");
		}
		return null;
	}

	private static String probeNames(ProviderDefinition definition) {
		return definition.probes().stream().map(ProbeDefinition::name).collect(Collectors.joining(", ", "[", "]"));
	}

}
