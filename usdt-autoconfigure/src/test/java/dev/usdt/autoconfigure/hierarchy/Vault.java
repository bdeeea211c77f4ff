package dev.usdt.autoconfigure.hierarchy;

import dev.usdt.UsdtProbe;

/** A probed bean of the parent context. */
public class Vault {

	@UsdtProbe(provider = "vault")
	public String open(String door) {
		return door + " open";
	}

}
