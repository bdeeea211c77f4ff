package dev.usdt.parser;

import java.util.Set;

/**
 * How D names and Java names map onto each other, in both directions, so the build-time code
 * generator, the annotation processor and the runtime agree: provider {@code hidden_shop} is class
 * {@code HiddenShopProbes}, probe {@code order__placed} is method {@code orderPlaced}, and method
 * {@code orderPlaced} fires probe {@code order__placed} (DTrace shows it as {@code order-placed}).
 */
public final class JavaNames {

	private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
			"catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
			"final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
			"interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
			"static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
			"void", "volatile", "while", "true", "false", "null", "_");

	private JavaNames() {
	}

	/** The generated class of a provider: {@code orders} → {@code OrdersProbes}, {@code hidden_shop} → {@code HiddenShopProbes}. */
	public static String probesClass(String provider) {
		return pascalCase(provider) + "Probes";
	}

	/** The generated fire method of a probe: {@code order__placed} → {@code orderPlaced}. */
	public static String fireMethod(String probe) {
		return camelCase(probe);
	}

	/** The generated check of a probe: {@code order__placed} → {@code isOrderPlacedEnabled}. */
	public static String enabledCheck(String probe) {
		return "is" + pascalCase(probe) + "Enabled";
	}

	/**
	 * The implementation the annotation processor generates for a typed interface, by the
	 * interface's binary name: {@code shop.OrderEvents} → {@code shop.OrderEvents_Usdt},
	 * {@code shop.Outer$Events} → {@code shop.Outer_Events_Usdt}.
	 */
	public static String implementationClass(String interfaceBinaryName) {
		return interfaceBinaryName.replace('$', '_') + "_Usdt";
	}

	/**
	 * The subclass the annotation processor generates for a class with {@code @UsdtProbe} methods,
	 * by the class's binary name: {@code shop.Orders} → {@code shop.Orders$$Usdt},
	 * {@code shop.Outer$Orders} → {@code shop.Outer$Orders$$Usdt} (a top-level class; {@code $$}
	 * marks a generated subclass to Spring).
	 */
	public static String probedSubclass(String classBinaryName) {
		return classBinaryName + "$$Usdt";
	}

	/**
	 * The probe a method name fires: {@code orderPlaced} → {@code order__placed},
	 * {@code parseHTTPRequest} → {@code parse__http__request}; names without capitals are unchanged.
	 */
	public static String probeName(String methodName) {
		StringBuilder name = new StringBuilder(methodName.length() + 8);
		for (int i = 0; i < methodName.length(); i++) {
			char c = methodName.charAt(i);
			if (Character.isUpperCase(c) && i > 0) {
				char previous = methodName.charAt(i - 1);
				boolean next = i + 1 < methodName.length() && Character.isLowerCase(methodName.charAt(i + 1));
				if (Character.isLowerCase(previous) || Character.isDigit(previous)
						|| (Character.isUpperCase(previous) && next)) {
					name.append("__");
				}
			}
			name.append(Character.toLowerCase(c));
		}
		return name.toString();
	}

	/** {@code hidden_shop} → {@code HiddenShop}: every run of underscores starts a new word. */
	public static String pascalCase(String name) {
		String camel = camelCase(name);
		return camel.isEmpty() ? camel : Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
	}

	/** {@code order__placed} → {@code orderPlaced}; leading underscores are dropped. */
	public static String camelCase(String name) {
		StringBuilder text = new StringBuilder(name.length());
		boolean upper = false;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '_') {
				upper = text.length() > 0;
				continue;
			}
			text.append(upper ? Character.toUpperCase(c) : c);
			upper = false;
		}
		return text.toString();
	}

	/**
	 * Whether a typed interface's method name is an is-enabled check ({@code isOrderPlacedEnabled}),
	 * given that it returns {@code boolean} and takes no parameters.
	 */
	public static boolean isEnabledCheck(String methodName) {
		return methodName.length() > "isEnabled".length() && methodName.startsWith("is")
				&& methodName.endsWith("Enabled") && Character.isUpperCase(methodName.charAt(2));
	}

	/** Whether {@code name} can name a Java class, method or parameter. */
	public static boolean isIdentifier(String name) {
		if (name.isEmpty() || KEYWORDS.contains(name) || !Character.isJavaIdentifierStart(name.charAt(0))) {
			return false;
		}
		return name.chars().allMatch(Character::isJavaIdentifierPart);
	}

}
