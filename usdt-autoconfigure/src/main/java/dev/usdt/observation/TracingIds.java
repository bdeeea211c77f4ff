package dev.usdt.observation;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The trace and span id Micrometer Tracing keeps in an observation's context, or empty strings
 * when the application has no Micrometer Tracing or the observation no span. Micrometer Tracing is
 * optional: its types are touched only after it was found on the class path.
 */
final class TracingIds {

	private static final boolean TRACING_PRESENT = ClassUtils.isPresent(
			"io.micrometer.tracing.handler.TracingObservationHandler", TracingIds.class.getClassLoader());

	private TracingIds() {
	}

	static String traceId(Observation.ContextView context) {
		return TRACING_PRESENT ? Spans.traceId(context) : "";
	}

	static String spanId(Observation.ContextView context) {
		return TRACING_PRESENT ? Spans.spanId(context) : "";
	}

	/** Loaded only when Micrometer Tracing is present. */
	private static final class Spans {

		static String traceId(Observation.ContextView context) {
			TraceContext trace = traceContext(context);
			return (trace != null) ? orEmpty(trace.traceId()) : "";
		}

		static String spanId(Observation.ContextView context) {
			TraceContext trace = traceContext(context);
			return (trace != null) ? orEmpty(trace.spanId()) : "";
		}

		private static @Nullable TraceContext traceContext(Observation.ContextView context) {
			TracingContext tracing = context.get(TracingContext.class);
			Span span = (tracing != null) ? tracing.getSpan() : null;
			return (span != null) ? span.context() : null;
		}

		private static String orEmpty(@Nullable String id) {
			return (id != null) ? id : "";
		}

	}

}
