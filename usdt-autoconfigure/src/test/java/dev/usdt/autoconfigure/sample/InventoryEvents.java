package dev.usdt.autoconfigure.sample;

import dev.usdt.UsdtProvider;

/** No .d file declares this provider: the interface is the definition. */
@UsdtProvider("inventory")
public interface InventoryEvents {

	void stockChanged(String sku, int delta);

}
