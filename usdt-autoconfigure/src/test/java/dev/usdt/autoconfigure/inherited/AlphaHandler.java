package dev.usdt.autoconfigure.inherited;

import dev.usdt.UsdtProbe;

@UsdtProbe(provider = "alpha")
public class AlphaHandler extends Handler<String> {

	@Override
	public String process(String input) {
		return "alpha processed " + input;
	}

}
