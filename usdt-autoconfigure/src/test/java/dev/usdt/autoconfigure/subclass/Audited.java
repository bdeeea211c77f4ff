package dev.usdt.autoconfigure.subclass;

import dev.usdt.UsdtProbe;

/** Asks probes for {@code check} on every implementation. */
public interface Audited {

	@UsdtProbe
	String check(String text);

}
