package dev.usdt.autoconfigure.inherited;

import org.springframework.stereotype.Component;

import dev.usdt.UsdtProbe;

@Component("beta")
@UsdtProbe(provider = "beta")
public class BetaHandler extends Handler<String> {

	@Override
	public String process(String input) {
		return "beta processed " + input;
	}

}
