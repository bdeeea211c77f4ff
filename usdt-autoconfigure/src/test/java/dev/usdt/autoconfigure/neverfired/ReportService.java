package dev.usdt.autoconfigure.neverfired;

import dev.usdt.UsdtProbe;

/** One probed method that fires, and three annotated methods no proxy can ever intercept. */
public class ReportService {

	@UsdtProbe(provider = "reports")
	public String render(String name) {
		return "rendered " + format(name);
	}

	@UsdtProbe(provider = "reports")
	private String format(String name) {
		return "<" + name + ">";
	}

	@UsdtProbe(provider = "reports")
	public final String archive(String name) {
		return "archived " + name;
	}

	@UsdtProbe(provider = "reports")
	public static String version() {
		return "1";
	}

}
