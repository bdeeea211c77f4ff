package dev.usdt.autoconfigure.failure;

import dev.usdt.UsdtProbe;

/** A bean whose {@code @UsdtProbe} names a probe no tracer could show. */
public class BadlyNamedProbes {

	@UsdtProbe("bad name!")
	public String run() {
		return "ran";
	}

}
