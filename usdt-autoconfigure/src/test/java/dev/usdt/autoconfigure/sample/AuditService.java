package dev.usdt.autoconfigure.sample;

import dev.usdt.UsdtProbe;

/** Every public method gets probes from the class annotation. */
@UsdtProbe(provider = "audit")
public class AuditService {

	public String record(String what) {
		return "recorded " + what;
	}

	public int count(int base) {
		return base + 1;
	}

}
