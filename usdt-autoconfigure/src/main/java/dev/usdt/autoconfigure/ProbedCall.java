package dev.usdt.autoconfigure;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import dev.usdt.Probe;

/**
 * What one override of a {@link ProbedSubclass} fires: the method's entry and return probes,
 * looked up once the context has registered them (calls before that run untraced, as through a
 * proxy). The generated override calls {@link #enabled()} first and the rest only when it is
 * {@code true}.
 */
public final class ProbedCall {

	/** {@link #enter}'s result when the return probe is off, so the call is not timed. */
	private static final long NOT_TIMED = Long.MIN_VALUE;

	private final RegisteredProbeLookup lookup;

	private final Method method;

	private final Class<?> userClass;

	private volatile @Nullable MethodProbes probes;

	/** Whether the registration was asked and the method has no probes (not probed after all). */
	private volatile boolean none;

	ProbedCall(RegisteredProbeLookup lookup, Method method, Class<?> userClass) {
		this.lookup = lookup;
		this.method = method;
		this.userClass = userClass;
	}

	/** Whether a tracer has the entry or the return probe enabled. */
	public boolean enabled() {
		MethodProbes found = this.probes;
		if (found == null) {
			found = resolve();
			if (found == null) {
				return false;
			}
		}
		return found.entry().shouldFire() || found.exit().shouldFire();
	}

	/**
	 * Fires the entry probe with the method's first six arguments, if it is enabled.
	 * @param arguments the arguments
	 * @return the start of the call for {@link #returned} and {@link #thrown}
	 */
	public long enter(@Nullable Object... arguments) {
		MethodProbes found = this.probes;
		if (found == null) {
			return NOT_TIMED;
		}
		if (found.entry().shouldFire()) {
			found.entry().fireArgs(arguments);
		}
		return found.exit().shouldFire() ? System.nanoTime() : NOT_TIMED;
	}

	/**
	 * Fires the return probe with the thrown exception's class name, if the call was timed.
	 * @param start what {@link #enter} returned
	 * @param thrown what the method threw
	 */
	public void thrown(long start, Throwable thrown) {
		Probe exit = exitProbe(start);
		if (exit != null) {
			ReturnProbes.fire(exit, start, ReturnProbes.errorName(thrown));
		}
	}

	/**
	 * Fires the return probe, or arranges for it to fire when an asynchronous result completes.
	 * @param start what {@link #enter} returned
	 * @param result the method's result ({@code null} for {@code void} and primitives)
	 * @return what the override returns: {@code result}, or a publisher decorated to fire
	 */
	public @Nullable Object returned(long start, @Nullable Object result) {
		Probe exit = exitProbe(start);
		return (exit != null) ? ReturnProbes.fireOnCompletion(result, exit, start) : result;
	}

	private @Nullable Probe exitProbe(long start) {
		MethodProbes found = this.probes;
		return (start != NOT_TIMED && found != null) ? found.exit() : null;
	}

	private @Nullable MethodProbes resolve() {
		if (this.none) {
			return null;
		}
		UsdtProbeRegistration registration = this.lookup.registration();
		if (registration == null) {
			return null;
		}
		MethodProbes found = registration.probesFor(this.method, this.userClass);
		if (found == null) {
			this.none = true;
		}
		this.probes = found;
		return found;
	}

	@Override
	public String toString() {
		return "ProbedCall for " + this.method;
	}

}
