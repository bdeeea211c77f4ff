package dev.usdt.autoconfigure.subclass;

import java.util.function.Supplier;

import dev.usdt.UsdtProbe;

/** A probed class with an interface, so that another post-processor may put it in a JDK proxy. */
public class Teller implements Supplier<String> {

	@Override
	@UsdtProbe
	public String get() {
		return "counted";
	}

}
