package dev.usdt.demo;

/**
 * The body of {@code POST /orders}.
 *
 * @param customer who orders
 * @param item what is ordered
 * @param quantity how many, at least 1
 * @param unitCents the price of one, in cents, at least 1
 */
public record OrderRequest(String customer, String item, int quantity, long unitCents) {

}
