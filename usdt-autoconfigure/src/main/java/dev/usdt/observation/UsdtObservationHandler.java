package dev.usdt.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * Fires the {@link ObservationProbes} for every observation a tracer is watching: {@code start}
 * and {@code stop} with the observation's name, contextual name, low-cardinality tags and trace
 * ids, {@code error} and {@code event} as they happen.
 *
 * <p>
 * The registry asks {@link #supportsContext} once, when it creates an observation; the answer is
 * whether a tracer enables any of the probes right then, so an untraced observation never calls
 * this handler again and costs one folded or four semaphore reads. An observation created before
 * the tracer attached stays unseen to its end: no {@code stop} without the {@code start} time it
 * needs. The start time lives in the observation's own context, so nothing outlives the
 * observation and no thread-local is used: virtual threads and hand-offs between threads are
 * timed correctly. {@link UsdtObservationBridge} adds it to a registry only once a tracer may be
 * listening.
 */
public final class UsdtObservationHandler implements ObservationHandler<Observation.Context> {

	private final ObservationProbes probes;

	public UsdtObservationHandler(ObservationProbes probes) {
		this.probes = probes;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.probes.anyEnabled();
	}

	@Override
	public void onStart(Observation.Context context) {
		// System.nanoTime: monotonic, unlike the wall clock
		context.put(StartNanos.class, new StartNanos(System.nanoTime()));
		if (this.probes.start.shouldFire()) {
			this.probes.start.fireArgs(context.getName(), context.getContextualName(), ObservationTags.of(context),
					TracingIds.traceId(context), TracingIds.spanId(context));
		}
	}

	@Override
	public void onError(Observation.Context context) {
		Throwable error = context.getError();
		if (error != null && this.probes.error.shouldFire()) {
			this.probes.error.fire(nonNull(context.getName()), nonNull(context.getContextualName()),
					error.getClass().getName(), nonNull(error.getMessage()));
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		if (this.probes.event.shouldFire()) {
			this.probes.event.fire(nonNull(context.getName()), nonNull(context.getContextualName()), event.getName());
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		StartNanos started = context.get(StartNanos.class);
		if (started == null) {
			// an observation filter replaced the context, or stop came without start: duration unknown
			return;
		}
		context.remove(StartNanos.class);
		if (this.probes.stop.shouldFire()) {
			long durationNanos = System.nanoTime() - started.nanos();
			Throwable error = context.getError();
			this.probes.stop.fireArgs(context.getName(), context.getContextualName(), durationNanos,
					(error != null) ? error.getClass().getName() : "", ObservationTags.of(context),
					TracingIds.traceId(context));
		}
	}

	private static String nonNull(@Nullable String text) {
		return (text != null) ? text : "";
	}

	@Override
	public String toString() {
		return "UsdtObservationHandler[" + this.probes.provider().name() + "]";
	}

	/** When this handler saw the observation start, by {@link System#nanoTime()}. */
	record StartNanos(long nanos) {
	}

}
