package dev.usdt.autoconfigure.inherited;

import dev.usdt.UsdtProbe;

/** Wrapped by {@link WrappedHandlersConfiguration} in a frozen proxy of its own. */
@UsdtProbe(provider = "gamma")
public class GammaHandler extends Handler<String> {

	@Override
	public String process(String input) {
		return "gamma processed " + input;
	}

}
