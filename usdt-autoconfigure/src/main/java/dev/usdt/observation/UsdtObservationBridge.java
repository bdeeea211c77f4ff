package dev.usdt.observation;

import java.util.List;

import io.micrometer.observation.ObservationRegistry;

import dev.usdt.ProbeActivation;

/**
 * Joins {@link UsdtObservationHandler} to observation registries once a tracer may be listening.
 * Micrometer asks every registered handler about every observation, and sizes each observation's
 * handler list by their number, so a handler that is there costs each observation a few
 * nanoseconds and bytes even when it declines. Until some probe of the process is first enabled
 * the handler is not there and the bridge costs nothing; from then on it stays (Micrometer cannot
 * remove a handler) and declines every observation while its probes are off. An observation already
 * running when the handler joins is not reported.
 *
 * <p>
 * Use without Spring Boot:
 *
 * <pre>{@code
 * UsdtObservationBridge.joinWhenTraced(new UsdtObservationHandler(ObservationProbes.register(usdt)), registry);
 * }</pre>
 */
public final class UsdtObservationBridge {

	private final UsdtObservationHandler handler;

	private final List<ObservationRegistry> registries;

	private volatile boolean joined;

	private volatile boolean closed;

	private UsdtObservationBridge(UsdtObservationHandler handler, List<ObservationRegistry> registries) {
		this.handler = handler;
		this.registries = List.copyOf(registries);
	}

	/** Adds {@code handler} to each registry once some probe of the process may be enabled (at once if one may be now). */
	public static UsdtObservationBridge joinWhenTraced(UsdtObservationHandler handler, ObservationRegistry... registries) {
		return joinWhenTraced(handler, List.of(registries));
	}

	static UsdtObservationBridge joinWhenTraced(UsdtObservationHandler handler, List<ObservationRegistry> registries) {
		UsdtObservationBridge bridge = new UsdtObservationBridge(handler, registries);
		ProbeActivation.whenFirstEnabled(bridge::join);
		return bridge;
	}

	public UsdtObservationHandler handler() {
		return this.handler;
	}

	/** Whether the handler has joined the registries. */
	public boolean hasJoined() {
		return this.joined;
	}

	/** Never joins after this (the registries' application has closed). */
	public void close() {
		this.closed = true;
	}

	private synchronized void join() {
		if (!this.closed && !this.joined) {
			for (ObservationRegistry registry : this.registries) {
				registry.observationConfig().observationHandler(this.handler);
			}
			this.joined = true;
		}
	}

}
