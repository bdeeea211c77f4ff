package dev.usdt.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import dev.usdt.TypedProviders;
import dev.usdt.UsdtProbe;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeArgument;
import dev.usdt.parser.ProbeDefinition;

/**
 * Decides which methods {@link UsdtProbe @UsdtProbe} applies to and what their probes look like.
 * The pointcut and the startup scan both ask here, so the methods that are advised are exactly
 * the methods whose probes are registered.
 */
final class ProbedMethods {

	private final String defaultProvider;

	ProbedMethods(String defaultProvider) {
		this.defaultProvider = defaultProvider;
	}

	/**
	 * Whether {@code method}, called on an instance of {@code targetClass}, is advised: it carries
	 * {@code @UsdtProbe} itself (or on the method it implements), or it is a public instance method
	 * of a class carrying {@code @UsdtProbe}. Methods of {@link Object} never are.
	 */
	static boolean isProbed(Method method, @Nullable Class<?> targetClass) {
		return annotation(method, targetClass) != null;
	}

	/** Classes that may have probed methods: a cheap filter before looking at methods. */
	static boolean isCandidate(Class<?> type) {
		return AnnotationUtils.isCandidateClass(type, UsdtProbe.class);
	}

	/** The probes of one advised method, or {@code null} if it is not advised. */
	@Nullable ProbedMethod resolve(Method method, @Nullable Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		UsdtProbe annotation = annotation(method, targetClass);
		if (annotation == null) {
			return null;
		}
		String name = StringUtils.hasText(annotation.value()) ? annotation.value() : specific.getName();
		String provider = StringUtils.hasText(annotation.provider()) ? annotation.provider() : this.defaultProvider;
		return new ProbedMethod(specific, provider, name, entryArguments(specific));
	}

	/** Every advised method of a bean class, keyed by the method. */
	Map<Method, ProbedMethod> scan(Class<?> beanClass) {
		Class<?> userClass = ClassUtils.getUserClass(beanClass);
		Map<Method, ProbedMethod> probed = new LinkedHashMap<>();
		if (!isCandidate(userClass)) {
			return probed;
		}
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userClass, ReflectionUtils.USER_DECLARED_METHODS)) {
			ProbedMethod resolved = resolve(method, userClass);
			if (resolved != null) {
				probed.putIfAbsent(resolved.method(), resolved);
			}
		}
		return probed;
	}

	private static @Nullable UsdtProbe annotation(Method method, @Nullable Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class) {
			return null;
		}
		// a generic bridge method resolves to the method it bridges to, so both share its probes
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		if (specific.isSynthetic() || Modifier.isStatic(specific.getModifiers())
				|| Modifier.isPrivate(specific.getModifiers())) {
			// a proxy cannot intercept these, so they get no probes that would never fire
			return null;
		}
		UsdtProbe onMethod = AnnotatedElementUtils.findMergedAnnotation(specific, UsdtProbe.class);
		if (onMethod != null) {
			return onMethod;
		}
		Class<?> type = (targetClass != null) ? ClassUtils.getUserClass(targetClass) : specific.getDeclaringClass();
		if (!Modifier.isPublic(specific.getModifiers())) {
			return null;
		}
		return AnnotatedElementUtils.findMergedAnnotation(type, UsdtProbe.class);
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
