package dev.usdt.autoconfigure.inherited;

import dev.usdt.UsdtProbe;

/** Wrapped by {@link WrappedHandlersConfiguration} in a JDK proxy of its {@link Greeter} interface. */
@UsdtProbe(provider = "epsilon")
public class EpsilonHandler extends Handler<String> {

	@Override
	public String process(String input) {
		return "epsilon processed " + input;
	}

}
