package dev.usdt;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;

/**
 * The last resort for a typed interface compiled without the annotation processor, where
 * {@link RuntimeImplementations} cannot define a class in the interface's package (a named module
 * not open to usdt-core, a native image): a JDK proxy that looks each call's {@link ProbeHandle} up
 * by method. Slower than a generated implementation even while disabled (on JDK 17 the proxy class
 * boxes a {@code long} before the handler runs) and more so while a probe of the process is enabled
 * (a map lookup per call).
 */
final class InterfaceProxy implements InvocationHandler {

	private final InterfaceProbes probes;

	private InterfaceProxy(InterfaceProbes probes) {
		this.probes = probes;
	}

	@SuppressWarnings("unchecked")
	static <T> T create(Class<T> type, InterfaceProbes probes) {
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, new InterfaceProxy(probes));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		// Every abstract method is a probe (binding checked that), and while the process-wide guard
		// is off none can be enabled: answer before the lookup, so that once the JIT has inlined
		// this into the proxy's method the argument array is dead (JDK 17 still allocates the box
		// of a long outside Long's cache, which the proxy class makes before this runs)
		if (!ProbeActivation.anyMayBeEnabled() && Modifier.isAbstract(method.getModifiers())) {
			return (method.getReturnType() == boolean.class) ? Boolean.FALSE : null;
		}
		ProbeHandle handle = this.probes.handle(method);
		if (handle != null) {
			if (method.getReturnType() == boolean.class) {
				return handle.shouldFire();
			}
			if (handle.shouldFire()) {
				handle.probe().fireArgs(args);
			}
			return null;
		}
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> this.probes.toString();
			};
		}
		return InvocationHandler.invokeDefault(proxy, method, args);
	}

}
