package dev.usdt.autoconfigure;

import java.lang.reflect.Method;

import org.springframework.util.ReflectionUtils;

/**
 * The probed methods of one {@link ProbedSubclass} bean, each found on the class it extends (the
 * class {@code @UsdtProbe} is written on), resolved against the registration of the context that
 * created the bean.
 */
public final class ProbedCalls {

	private final RegisteredProbeLookup lookup;

	private final Class<?> userClass;

	ProbedCalls(RegisteredProbeLookup lookup, Class<?> userClass) {
		this.lookup = lookup;
		this.userClass = userClass;
	}

	/**
	 * The probes of the method {@code name(parameterTypes)} of the class the bean's class extends.
	 * @param name the method name
	 * @param parameterTypes its erased parameter types
	 * @return what the override fires through
	 */
	public ProbedCall method(String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(this.userClass, name, parameterTypes);
		if (method == null) {
			throw new IllegalStateException("No method " + name + " in " + this.userClass.getName()
					+ ": its generated subclass is out of date; compile both again");
		}
		return new ProbedCall(this.lookup, method, this.userClass);
	}

}
