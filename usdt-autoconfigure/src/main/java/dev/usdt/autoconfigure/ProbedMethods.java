package dev.usdt.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import dev.usdt.TypedProviders;
import dev.usdt.UsdtProbe;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.DNames;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;

/**
 * Decides which methods {@link UsdtProbe @UsdtProbe} applies to and what their probes look like.
 * The pointcut and the startup scan both ask here, so the methods that are advised are exactly
 * the methods whose probes are registered. An annotation a proxy could never act on (a private,
 * static or final method, a final class) gets no probes: the scan reports why instead.
 */
final class ProbedMethods {

	private final String defaultProvider;

	ProbedMethods(String defaultProvider) {
		this.defaultProvider = defaultProvider;
	}

	/**
	 * Whether {@code method}, called on an instance of {@code targetClass}, is advised: it carries
	 * {@code @UsdtProbe} itself (or on the method it implements), or it is a public instance method
	 * of a class carrying {@code @UsdtProbe}; and a proxy can intercept it. Methods of
	 * {@link Object} never are.
	 */
	static boolean isProbed(Method method, @Nullable Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		return requested(method, specific, targetClass) != null && whyNeverFired(specific, targetClass) == null;
	}

	/**
	 * Classes that may have probed methods: a filter before looking at methods one by one, which
	 * the pointcut would otherwise do for every method of every bean at start-up. Remembered per
	 * class.
	 */
	static boolean isCandidate(Class<?> type) {
		Class<?> userClass = ClassUtils.getUserClass(type);
		// most bean classes are Spring's: answered without a ClassValue entry, whose first use per
		// class costs more than the check (issue 19: ~4 ms over a web application's beans)
		return mayDeclareUsdtProbe(userClass) && MENTIONS_USDT_PROBE.get(userClass);
	}

	private static final ClassValue<Boolean> MENTIONS_USDT_PROBE = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			return mentionsUsdtProbe(type);
		}

	};

	/**
	 * Whether {@code @UsdtProbe} (or an annotation meta-annotated with it) is on the class, a
	 * superclass or an interface, or on a method any of them declares: everywhere
	 * {@link #requested} could find it.
	 */
	private static boolean mentionsUsdtProbe(Class<?> type) {
		if (MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).isPresent(UsdtProbe.class)) {
			return true;
		}
		Set<Class<?>> declaring = new LinkedHashSet<>(ClassUtils.getAllInterfacesForClassAsSet(type));
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			declaring.add(c);
		}
		for (Class<?> c : declaring) {
			if (mayDeclareUsdtProbe(c)) {
				for (Method method : c.getDeclaredMethods()) {
					if (MergedAnnotations.from(method, SearchStrategy.DIRECT).isPresent(UsdtProbe.class)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * Whether {@code type} itself may carry {@code @UsdtProbe}: the JDK's classes and Spring's own
	 * cannot, and they are most bean classes and most of every bean's hierarchy. Their methods are
	 * not listed one by one, which loads every type they mention (issue 19: ~25 ms of start-up).
	 */
	private static boolean mayDeclareUsdtProbe(Class<?> type) {
		return AnnotationUtils.isCandidateClass(type, UsdtProbe.class)
				&& !type.getName().startsWith(SPRING_PACKAGES);
	}

	private static final String SPRING_PACKAGES = "org.springframework.";

	/**
	 * Classes a proxy can be made for, so that the post-processor never attempts one for a final
	 * class; and needs to be made for: a generated {@link ProbedSubclass} fires its probes itself.
	 */
	static boolean isProxiable(Class<?> type) {
		return isCandidate(type) && !Modifier.isFinal(type.getModifiers()) && !ProbedSubclass.class.isAssignableFrom(type);
	}

	/** The probes of one advised method, or {@code null} if it is not advised. */
	@Nullable ProbedMethod resolve(Method method, @Nullable Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		UsdtProbe annotation = requested(method, specific, targetClass);
		return (annotation != null && whyNeverFired(specific, targetClass) == null) ? probedMethod(specific, annotation)
				: null;
	}

	/**
	 * Every advised method of a bean class, by probe name, and every method {@code @UsdtProbe} asks
	 * probes for that no proxy could ever fire, with the reason.
	 */
	ScannedClass scan(Class<?> beanClass) {
		Class<?> userClass = ClassUtils.getUserClass(beanClass);
		Map<Method, ProbedMethod> probed = new LinkedHashMap<>();
		Map<ProbedMethod, String> neverFired = new LinkedHashMap<>();
		if (!isCandidate(userClass)) {
			return new ScannedClass(List.of(), Map.of());
		}
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userClass, ReflectionUtils.USER_DECLARED_METHODS)) {
			Method specific = AopUtils.getMostSpecificMethod(method, userClass);
			UsdtProbe annotation = requested(method, specific, userClass);
			if (annotation != null) {
				ProbedMethod resolved = probedMethod(specific, annotation);
				String reason = whyNeverFired(specific, userClass);
				if (reason == null) {
					probed.putIfAbsent(specific, resolved);
				}
				else {
					neverFired.putIfAbsent(resolved, reason);
				}
			}
		}
		// By probe name: reflection lists methods in an order that changes from run to run, and the
		// order of a provider's probes is part of its library's content, so of the library's name
		Map<String, ProbedMethod> byName = new TreeMap<>();
		for (Map.Entry<Method, ProbedMethod> entry : probed.entrySet()) {
			byName.put(entry.getValue().name() + " " + entry.getKey(), entry.getValue());
		}
		return new ScannedClass(List.copyOf(byName.values()), neverFired);
	}

	/**
	 * What {@link #scan} found in one bean class.
	 *
	 * @param probed the advised methods
	 * @param neverFired the methods {@code @UsdtProbe} asks probes for that could never fire, each
	 * with the reason
	 */
	record ScannedClass(List<ProbedMethod> probed, Map<ProbedMethod, String> neverFired) {

	}

	private ProbedMethod probedMethod(Method specific, UsdtProbe annotation) {
		String name = StringUtils.hasText(annotation.value()) ? annotation.value() : specific.getName();
		String provider = StringUtils.hasText(annotation.provider()) ? annotation.provider() : this.defaultProvider;
		ProbedMethod probed = new ProbedMethod(specific, provider, name, entryArguments(specific));
		requireIdentifier("probe", name, probed);
		if (StringUtils.hasText(annotation.provider())) {
			requireIdentifier("provider", provider, probed);
		}
		return probed;
	}

	/** A name from {@code @UsdtProbe} that a tracer cannot show fails here, naming the method. */
	private static void requireIdentifier(String what, String name, ProbedMethod method) {
		if (!DNames.isIdentifier(name)) {
			throw new ProbeDeclarationException("@UsdtProbe on " + method.describe() + " names the " + what + " '"
					+ name + "', which is not an identifier",
					what.equals("provider") ? DNames.providerNameRule(name) : DNames.probeNameRule(name), null);
		}
	}

	/**
	 * The {@code @UsdtProbe} asking for probes on a method, whether or not they could fire: on the
	 * method itself, or on its class for a public instance method.
	 * @param method the method called (it may be a generic bridge method)
	 * @param specific the method on the target class that runs: a bridge resolves to the method
	 * it bridges to, so both share its probes
	 */
	private static @Nullable UsdtProbe requested(Method method, Method specific, @Nullable Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class || specific.isSynthetic()) {
			return null;
		}
		UsdtProbe onMethod = AnnotatedElementUtils.findMergedAnnotation(specific, UsdtProbe.class);
		if (onMethod != null) {
			return onMethod;
		}
		int modifiers = specific.getModifiers();
		if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers)) {
			return null;
		}
		Class<?> type = (targetClass != null) ? ClassUtils.getUserClass(targetClass) : specific.getDeclaringClass();
		return AnnotatedElementUtils.findMergedAnnotation(type, UsdtProbe.class);
	}

	/**
	 * Why a class-based proxy could never fire probes around {@code method}, or {@code null} when
	 * it can. Calls a bean makes on itself bypass its proxy too, but that depends on the callers.
	 */
	static @Nullable String whyNeverFired(Method method, @Nullable Class<?> targetClass) {
		int modifiers = method.getModifiers();
		if (Modifier.isPrivate(modifiers)) {
			return "it is private, so only the bean itself calls it and those calls do not go through its proxy; "
					+ "make it public and call it through the bean";
		}
		if (Modifier.isStatic(modifiers)) {
			return "it is static, so its calls do not go through the bean's proxy";
		}
		if (Modifier.isFinal(modifiers)) {
			return "it is final, so the bean's proxy (a subclass) cannot override it; remove final";
		}
		Class<?> type = (targetClass != null) ? ClassUtils.getUserClass(targetClass) : method.getDeclaringClass();
		if (Modifier.isFinal(type.getModifiers())) {
			return "its class " + type.getName() + " is final, so no proxy (a subclass) can be made for the bean; "
					+ "remove final (in Kotlin: open the class, or use the kotlin-spring compiler plugin)";
		}
		return null;
	}

	/**
	 * The entry probe's arguments: integers of their width, booleans as {@code uint8_t}, chars as
	 * {@code uint16_t}, everything else as {@code char *} (its {@code toString()} at fire time).
	 */
	private static List<ProbeArgument> entryArguments(Method method) {
		List<ProbeArgument> arguments = new ArrayList<>();
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length && i < ProbeDefinition.MAX_ARGUMENTS; i++) {
			ArgumentKind kind = TypedProviders.integerKind(parameters[i].getType()).orElse(ArgumentKind.STRING);
			arguments.add(parameters[i].isNamePresent() ? ProbeArgument.of(parameters[i].getName(), kind)
					: ProbeArgument.of(kind));
		}
		return arguments;
	}

}
