package dev.usdt.backend.dtrace;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.usdt.parser.ProviderDefinition;

/**
 * The five {@code dof_attr_t} values of a provider (docs/dof.md §4.7), taken from the {@code #pragma D
 * attributes} of the provider file where given and otherwise from the {@code dtrace -G} defaults
 * (docs/dof.md §14): {@code Evolving/Evolving/ISA} for provider, name and args, {@code Private/Private/Unknown}
 * for module and function. The kernel never rejects a bad value (docs/dof.md §4.7), so this class does: a typo
 * in a pragma would otherwise silently change what {@code dtrace -l -v} reports.
 *
 * @param provider {@code dofpv_provattr}
 * @param module {@code dofpv_modattr}
 * @param function {@code dofpv_funcattr}
 * @param name {@code dofpv_nameattr}
 * @param args {@code dofpv_argsattr}
 */
public record DofAttributes(int provider, int module, int function, int name, int args) {

	/** docs/dof.md §4.7 stability levels, in value order (INTERNAL = 0 … STANDARD = 7). */
	private static final List<String> STABILITIES = List.of("internal", "private", "obsolete", "external",
			"unstable", "evolving", "stable", "standard");

	/** docs/dof.md §4.7 dependency classes, in value order (UNKNOWN = 0 … COMMON = 5). */
	private static final List<String> CLASSES = List.of("unknown", "cpu", "platform", "group", "isa", "common");

	/** docs/dof.md §14: {@code dtrace -G} default for provider, name and args. */
	static final String DEFAULT_PUBLIC = "Evolving/Evolving/ISA";

	/** docs/dof.md §14: {@code dtrace -G} default for module and function. */
	static final String DEFAULT_PRIVATE = "Private/Private/Unknown";

	/** docs/dof.md §4.7: {@code DOF_ATTR(n, d, c) = (n << 24) | (d << 16) | (c << 8)}. */
	private static final int NAME_SHIFT = 24;

	private static final int DATA_SHIFT = 16;

	private static final int CLASS_SHIFT = 8;

	/** The attributes of the provider: its pragmas where given, the defaults otherwise. */
	public static DofAttributes of(ProviderDefinition provider) {
		Map<String, String> given = provider.attributes();
		return new DofAttributes(parse(provider, "provider", given.getOrDefault("provider", DEFAULT_PUBLIC)),
				parse(provider, "module", given.getOrDefault("module", DEFAULT_PRIVATE)),
				parse(provider, "function", given.getOrDefault("function", DEFAULT_PRIVATE)),
				parse(provider, "name", given.getOrDefault("name", DEFAULT_PUBLIC)),
				parse(provider, "args", given.getOrDefault("args", DEFAULT_PUBLIC)));
	}

	/** The same value for all five, as the docs/dof.md §13 fixtures use ({@code 0x05050500}). */
	public static DofAttributes uniform(int attribute) {
		return new DofAttributes(attribute, attribute, attribute, attribute, attribute);
	}

	/**
	 * Encodes {@code Name/Data/Class}, e.g. {@code Evolving/Evolving/Common} → {@code 0x05050500}.
	 * @throws DofException if the text is not three known names separated by {@code /}
	 */
	public static int encode(String text) {
		String[] parts = text.trim().split("\\s*/\\s*");
		if (parts.length != 3) {
			throw new DofException("Attributes '" + text + "' must be NameStability/DataStability/DependencyClass,"
					+ " e.g. Evolving/Evolving/Common");
		}
		int nameStability = index(STABILITIES, parts[0], text, "stability");
		int dataStability = index(STABILITIES, parts[1], text, "stability");
		int dependencyClass = index(CLASSES, parts[2], text, "dependency class");
		return (nameStability << NAME_SHIFT) | (dataStability << DATA_SHIFT) | (dependencyClass << CLASS_SHIFT);
	}

	private static int parse(ProviderDefinition provider, String key, String text) {
		try {
			return encode(text);
		}
		catch (DofException ex) {
			throw new DofException(provider.location() + ": provider " + provider.name() + " attributes " + key
					+ ": " + ex.getMessage());
		}
	}

	private static int index(List<String> names, String given, String text, String what) {
		int index = names.indexOf(given.toLowerCase(Locale.ROOT));
		if (index < 0) {
			throw new DofException("Unknown " + what + " '" + given + "' in '" + text + "': expected one of "
					+ String.join(", ", names));
		}
		return index;
	}

}
