package dev.usdt.parser;

/**
 * The rule for provider and probe names, wherever they come from (a {@code .d} file, an
 * annotation, a property): a C identifier, which is what {@code dtrace -h} turns into macro names
 * and what an ELF note can hold.
 */
public final class DNames {

	private DNames() {
	}

	/** Whether {@code name} starts with an ASCII letter or '_' and holds only those and digits. */
	public static boolean isIdentifier(String name) {
		if (name == null || name.isEmpty() || isDigit(name.charAt(0))) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			if (!isIdentifierPart(name.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * {@code name} made an identifier: every other character becomes '_', and a leading digit gets
	 * one before it ({@code my-app} → {@code my_app}, {@code 2fa} → {@code _2fa}).
	 */
	public static String toIdentifier(String name) {
		StringBuilder identifier = new StringBuilder(name.length() + 1);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			identifier.append(isIdentifierPart(c) ? c : '_');
		}
		if (identifier.isEmpty() || isDigit(identifier.charAt(0))) {
			identifier.insert(0, '_');
		}
		return identifier.toString();
	}

	/**
	 * Checks a provider name given as a setting ({@code usdt.provider}): a setter that throws makes
	 * Spring Boot report the property, its value and where it was set.
	 * @throws IllegalArgumentException with {@link #providerNameRule} when it is not an identifier
	 */
	public static void checkProviderName(String name) {
		if (!isIdentifier(name)) {
			throw new IllegalArgumentException("'" + name + "' is not an identifier: " + providerNameRule(name));
		}
	}

	/**
	 * How to write the probe name {@code name}, which is not an identifier: to follow "... is not an
	 * identifier: ". A '-' is written '__', which DTrace shows as '-'.
	 */
	public static String probeNameRule(String name) {
		if (name.contains("-")) {
			return "write " + QuotedText.quoted(name.replace("-", "__")) + " (DTrace shows '__' as '-')";
		}
		return providerNameRule(name);
	}

	/**
	 * How to write the provider name {@code name}, which is not an identifier: to follow "... is
	 * not an identifier: ". Tracers show provider names as written, so the example is
	 * {@link #toIdentifier}'s.
	 */
	public static String providerNameRule(String name) {
		return "it must start with a letter or '_' and contain only letters, digits and '_' (for example "
				+ QuotedText.quoted(toIdentifier(name)) + ")";
	}

	private static boolean isIdentifierPart(char c) {
		return c == '_' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
