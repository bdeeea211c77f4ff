package dev.usdt.autoconfigure.mismatch;

import dev.usdt.UsdtProvider;

/** Does not match usdt/orders.d: cents is declared uint64_t. */
@UsdtProvider("orders")
public interface MismatchedOrderEvents {

	void orderPlaced(String id, String cents);

}
