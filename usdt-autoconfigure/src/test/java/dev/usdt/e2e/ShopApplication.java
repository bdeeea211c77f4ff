package dev.usdt.e2e;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.usdt.autoconfigure.sample.InventoryEvents;
import dev.usdt.autoconfigure.sample.OrderService;
import dev.usdt.autoconfigure.sample.SampleConfiguration;

/**
 * A web shop with every kind of probe: {@code usdt/orders.d} fired through the typed
 * {@code OrderEvents}, the interface-only {@code InventoryEvents}, and {@code @UsdtProbe} methods.
 */
@SpringBootApplication
@Import(SampleConfiguration.class)
public class ShopApplication {

	@RestController
	static class OrderController {

		private final OrderService orders;

		private final InventoryEvents inventory;

		OrderController(OrderService orders, InventoryEvents inventory) {
			this.orders = orders;
			this.inventory = inventory;
		}

		@GetMapping("/orders/{id}/{cents}")
		String place(@PathVariable String id, @PathVariable long cents) {
			this.inventory.stockChanged(id, -1);
			return this.orders.place(id, cents);
		}

	}

}
