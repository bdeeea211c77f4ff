package dev.usdt.autoconfigure.subclass;

import dev.usdt.UsdtProbe;

/**
 * One probed method annotated here and one whose annotation is on the interface: the processor
 * sees only the first, so its subclass does not cover every probed method and the starter
 * proxies the bean instead.
 */
public class Auditor implements Audited {

	@UsdtProbe
	public String note(String text) {
		return "noted " + text;
	}

	@Override
	public String check(String text) {
		return "checked " + text;
	}

}
