package dev.usdt.autoconfigure.sample;

import dev.usdt.UsdtProvider;

/** Matches usdt/orders.d. */
@UsdtProvider("orders")
public interface OrderEvents {

	void orderPlaced(String id, long cents);

	void orderCancelled(String id);

	boolean isOrderPlacedEnabled();

}
