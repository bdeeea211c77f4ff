package dev.usdt.autoconfigure.subclass;

import dev.usdt.UsdtProbe;

/**
 * Generic, so the processor writes no subclass for it: its beans are proxied, and the start-up log
 * says so.
 */
public class Journal<T> {

	@UsdtProbe
	public String record(T entry) {
		return "recorded " + entry;
	}

}
