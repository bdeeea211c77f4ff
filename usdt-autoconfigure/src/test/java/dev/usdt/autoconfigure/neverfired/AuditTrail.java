package dev.usdt.autoconfigure.neverfired;

import dev.usdt.UsdtProbe;

/** Every public method gets probes from the class annotation, except the final one. */
@UsdtProbe(provider = "trail")
public class AuditTrail {

	public String record(String what) {
		return "recorded " + what;
	}

	public final String seal(String what) {
		return "sealed " + what;
	}

}
