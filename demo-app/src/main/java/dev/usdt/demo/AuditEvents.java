package dev.usdt.demo;

import dev.usdt.UsdtProvider;

/**
 * The {@code audit} provider, declared by this interface alone (no {@code .d} file): probe
 * {@code order__changed(char *id, char *summary)} carries a JSON summary of the order after every
 * change. Building that JSON costs more than the rest of the request's probes together, so callers
 * build it only when {@link #isOrderChangedEnabled()} says a tracer is listening.
 */
@UsdtProvider("audit")
public interface AuditEvents {

	void orderChanged(String id, String summary);

	boolean isOrderChangedEnabled();

}
