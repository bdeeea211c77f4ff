package dev.usdt.autoconfigure;

import org.jspecify.annotations.Nullable;

import dev.usdt.Probe;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor part of {@link ReturnProbes}, in its own class so that it is loaded only when
 * Reactor is on the class path.
 */
final class ReactorReturnProbes {

	private ReactorReturnProbes() {
	}

	static boolean isPublisher(@Nullable Object result) {
		return result instanceof Mono<?> || result instanceof Flux<?>;
	}

	static Object fireOnTermination(Object result, Probe exit, long start) {
		if (result instanceof Mono<?> mono) {
			return mono.doOnSuccess((value) -> ReturnProbes.fire(exit, start, ""))
				.doOnError((ex) -> ReturnProbes.fire(exit, start, ReturnProbes.errorName(ex)))
				.doOnCancel(() -> ReturnProbes.fire(exit, start, ReturnProbes.CANCELLED));
		}
		return ((Flux<?>) result).doOnComplete(() -> ReturnProbes.fire(exit, start, ""))
			.doOnError((ex) -> ReturnProbes.fire(exit, start, ReturnProbes.errorName(ex)))
			.doOnCancel(() -> ReturnProbes.fire(exit, start, ReturnProbes.CANCELLED));
	}

}
