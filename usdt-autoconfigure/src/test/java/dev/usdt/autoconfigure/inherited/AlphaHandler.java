package dev.usdt.autoconfigure.inherited;

import org.springframework.stereotype.Component;

import dev.usdt.UsdtProbe;

@Component("alpha")
@UsdtProbe(provider = "alpha")
public class AlphaHandler extends Handler<String> {

	@Override
	public String process(String input) {
		return "alpha processed " + input;
	}

}
