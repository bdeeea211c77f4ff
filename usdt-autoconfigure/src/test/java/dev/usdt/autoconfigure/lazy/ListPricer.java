package dev.usdt.autoconfigure.lazy;

import dev.usdt.UsdtProbe;

/** The class the {@code @Bean} method creates: known only once it has run. */
public class ListPricer implements Pricer {

	@Override
	@UsdtProbe(provider = "pricing")
	public long price(String sku) {
		return sku.length() * 100L;
	}

}
