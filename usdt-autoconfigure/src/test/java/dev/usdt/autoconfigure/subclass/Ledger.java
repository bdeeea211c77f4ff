package dev.usdt.autoconfigure.subclass;

import org.springframework.beans.factory.annotation.Value;

import dev.usdt.UsdtProbe;

/**
 * A component with probed methods: usdt-core's processor generates {@code Ledger$$Usdt}, whose
 * constructor must keep {@code @Value} for Spring to inject it.
 */
public class Ledger {

	private final String currency;

	private int posted;

	public Ledger(@Value("${ledger.currency}") String currency) {
		this.currency = currency;
	}

	@UsdtProbe
	public String post(String account, long cents, int attempt) {
		if (cents < 0) {
			throw new IllegalArgumentException("negative amount");
		}
		this.posted++;
		return account + " " + cents + " " + this.currency;
	}

	@UsdtProbe("count")
	public int posted() {
		return this.posted;
	}

	/** Not probed: the subclass does not override it. */
	public String currency() {
		return this.currency;
	}

}
