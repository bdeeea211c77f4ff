package dev.usdt.autoconfigure;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

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

	private final RegisteredProbeLookup lookup;

	/**
	 * What each method resolved to, per class of the object it was called on: beans of different
	 * classes inheriting one method have different probes (their class-level providers differ).
	 */
	private final Map<Method, ResolvedCall> resolved = new ConcurrentHashMap<>();

	UsdtProbeInterceptor(RegisteredProbeLookup lookup) {
		this.lookup = lookup;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? target.getClass() : null;
		ResolvedCall known = this.resolved.get(method);
		known = (known != null) ? known.find(targetClass) : null;
		MethodProbes probes = (known != null) ? known.probes() : resolve(method, target, targetClass);
		if (probes == null) {
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

	private @Nullable MethodProbes resolve(Method method, @Nullable Object target, @Nullable Class<?> targetClass) {
		UsdtProbeRegistration registration = this.lookup.registration();
		if (registration == null) {
			return null;
		}
		MethodProbes probes = registration.probesFor(method, (target != null) ? AopUtils.getTargetClass(target) : null);
		this.resolved.compute(method, (key, calls) -> ResolvedCall.add(calls, targetClass, probes));
		return probes;
	}

	/**
	 * One method's probes when called on {@code targetClass} ({@code null}: the method has none
	 * there), linked to those resolved for other classes. Usually one class per method, so a
	 * call compares one reference and allocates nothing.
	 */
	private record ResolvedCall(@Nullable Class<?> targetClass, @Nullable MethodProbes probes,
			@Nullable ResolvedCall next) {

		@Nullable ResolvedCall find(@Nullable Class<?> type) {
			for (ResolvedCall call = this; call != null; call = call.next) {
				if (call.targetClass == type) {
					return call;
				}
			}
			return null;
		}

		static ResolvedCall add(@Nullable ResolvedCall calls, @Nullable Class<?> targetClass,
				@Nullable MethodProbes probes) {
			return (calls != null && calls.find(targetClass) != null) ? calls
					: new ResolvedCall(targetClass, probes, calls);
		}

	}

}
