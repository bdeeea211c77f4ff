package dev.usdt.autoconfigure.hierarchy;

import dev.usdt.UsdtProbe;

/** A probed bean of the child context. */
public class Counter {

	@UsdtProbe(provider = "counter")
	public String serve(String customer) {
		return customer + " served";
	}

}
