package dev.usdt.demo;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One order.
 *
 * @param id the order number, e.g. {@code A-1001}
 * @param customer who ordered
 * @param item what was ordered
 * @param quantity how many
 * @param cents the total price in cents
 * @param status placed or shipped
 * @param carrier who carries it, once shipped
 * @param placedAt when it was placed
 */
public record Order(String id, String customer, String item, int quantity, long cents, OrderStatus status,
		@Nullable String carrier, Instant placedAt) {

	/** This order, shipped with {@code carrier}. */
	Order shipped(String carrier) {
		return new Order(this.id, this.customer, this.item, this.quantity, this.cents, OrderStatus.SHIPPED, carrier,
				this.placedAt);
	}

}
