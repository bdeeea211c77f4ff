package dev.usdt.autoconfigure;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Matches methods annotated with {@code @UsdtProbe}, and every public method of a class annotated
 * with it (not those of {@link Object}). Needs no AspectJ.
 */
final class UsdtProbePointcut extends StaticMethodMatcherPointcut {

	UsdtProbePointcut() {
		setClassFilter(ProbedMethods::isProxiable);
	}

	@Override
	public boolean matches(Method method, @Nullable Class<?> targetClass) {
		return ProbedMethods.isProbed(method, targetClass);
	}

}
