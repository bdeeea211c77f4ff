package dev.usdt.autoconfigure;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;

import dev.usdt.Probe;
import dev.usdt.parser.ProbeDefinition;

/**
 * Fires a {@code @UsdtProbe} method's entry and return probes around the call.
 *
 * <p>
 * When no tracer has either probe enabled, a call costs a map lookup, two semaphore reads and the
 * call itself: nothing is allocated or measured. When enabled, the entry probe gets the method's
 * first six arguments (the invocation's own array, copied only for longer parameter lists) and
 * the return probe the elapsed nanoseconds and the thrown exception's class name (empty on
 * success). For asynchronous results the return probe fires when the result completes; see
 * {@link ReturnProbes}.
 *
 * <p>
 * Calls made before the probes are registered (while the context is still being built) run
 * untraced, and so do calls whose probes are first looked up after the context closed.
 */
final class UsdtProbeInterceptor implements MethodInterceptor {

	private final ObjectProvider<UsdtProbeRegistration> registration;

	private final Map<Method, MethodProbes> probes = new ConcurrentHashMap<>();

	private final Set<Method> unprobed = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	UsdtProbeInterceptor(ObjectProvider<UsdtProbeRegistration> registration) {
		this.registration = registration;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		MethodProbes probes = this.probes.get(invocation.getMethod());
		if (probes == null && (probes = resolve(invocation)) == null) {
			return invocation.proceed();
		}
		boolean entryEnabled = probes.entry().shouldFire();
		boolean exitEnabled = probes.exit().shouldFire();
		if (!entryEnabled && !exitEnabled) {
			return invocation.proceed();
		}
		return proceedTraced(invocation, probes, entryEnabled, exitEnabled);
	}

	private @Nullable Object proceedTraced(MethodInvocation invocation, MethodProbes probes, boolean entryEnabled,
			boolean exitEnabled) throws Throwable {
		if (entryEnabled) {
			Object[] arguments = invocation.getArguments();
			probes.entry()
				.fireArgs((arguments.length <= ProbeDefinition.MAX_ARGUMENTS) ? arguments
						: Arrays.copyOf(arguments, ProbeDefinition.MAX_ARGUMENTS));
		}
		if (!exitEnabled) {
			return invocation.proceed();
		}
		Probe exit = probes.exit();
		long start = System.nanoTime();
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			ReturnProbes.fire(exit, start, ReturnProbes.errorName(ex));
			throw ex;
		}
		return ReturnProbes.fireOnCompletion(result, exit, start);
	}

	/** Called when the context closes: from then on, methods not resolved yet run untraced. */
	void close() {
		this.closed = true;
	}

	private @Nullable MethodProbes resolve(MethodInvocation invocation) {
		Method method = invocation.getMethod();
		if (this.closed || this.unprobed.contains(method)) {
			// a closed context would create its beans again to look the registration up
			return null;
		}
		UsdtProbeRegistration registration;
		try {
			registration = this.registration.getIfAvailable();
		}
		catch (BeansException ex) {
			// closed meanwhile: creating the registration again failed; the call must not fail
			return null;
		}
		if (registration == null || !registration.isRegistered()) {
			return null;
		}
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : null;
		MethodProbes resolved = registration.probesFor(method, targetClass);
		if (resolved == null) {
			this.unprobed.add(method);
			return null;
		}
		this.probes.put(method, resolved);
		return resolved;
	}

}
