package dev.usdt.autoconfigure.inherited;

import dev.usdt.UsdtProbe;

@UsdtProbe(provider = "beta")
public class BetaHandler extends Handler<String> {

	@Override
	public String process(String input) {
		return "beta processed " + input;
	}

}
