package dev.usdt.demo;

import dev.usdt.UsdtProvider;

/**
 * The {@code orders} provider declared in {@code usdt/orders.d}: each method fires the probe of
 * the same name ({@code orderPlaced} fires {@code order__placed}). The starter injects an
 * implementation and fails startup if these methods stop matching the file.
 */
@UsdtProvider("orders")
public interface OrderEvents {

	void orderPlaced(String id, String customer, long cents);

	void orderShipped(String id, String carrier);

	void orderRejected(String customer, String reason);

}
