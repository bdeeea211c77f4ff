package dev.usdt.autoconfigure;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

import dev.usdt.Probe;

/**
 * Fires a {@code <name>__return} probe when the method's work is done: at once for ordinary
 * results, when a {@link CompletionStage} completes, and when a Reactor {@code Mono} or
 * {@code Flux} terminates or is cancelled. {@code elapsed_ns} is always measured from the call,
 * so for a lazy publisher it includes the time until it is subscribed. A stage is returned
 * unchanged (a dependent stage observes it); a publisher is returned decorated, so every
 * subscription fires the probe once.
 */
final class ReturnProbes {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			ReturnProbes.class.getClassLoader());

	/** The {@code error} of a subscription cancelled before it terminated. */
	static final String CANCELLED = "cancelled";

	private ReturnProbes() {
	}

	static @Nullable Object fireOnCompletion(@Nullable Object result, Probe exit, long start) {
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, ex) -> fire(exit, start, errorName(ex)));
			return result;
		}
		if (REACTOR_PRESENT && ReactorReturnProbes.isPublisher(result)) {
			return ReactorReturnProbes.fireOnTermination(result, exit, start);
		}
		fire(exit, start, "");
		return result;
	}

	/** Fires with {@code elapsed_ns} since {@code start} and {@code error} ({@code ""} for success). */
	static void fire(Probe exit, long start, String error) {
		exit.fire(System.nanoTime() - start, error);
	}

	/** The class name of what was thrown, unwrapped from completion wrappers; {@code ""} for none. */
	static String errorName(@Nullable Throwable failure) {
		if (failure == null) {
			return "";
		}
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getClass().getName();
	}

}
