package dev.usdt.autoconfigure.lazy;

/** What a {@code @Bean} method declares it returns. */
public interface Pricer {

	long price(String sku);

}
