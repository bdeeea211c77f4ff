package dev.usdt.demo;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Repository;

/**
 * Orders in memory, numbered {@code A-1001}, {@code A-1002}, ... in the order they are placed.
 */
@Repository
public class OrderStore {

	private static final long FIRST_NUMBER = 1001;

	private final AtomicLong nextNumber = new AtomicLong(FIRST_NUMBER);

	private final Map<String, Order> orders = new ConcurrentHashMap<>();

	String nextId() {
		return "A-" + this.nextNumber.getAndIncrement();
	}

	Order save(Order order) {
		this.orders.put(order.id(), order);
		return order;
	}

	Optional<Order> find(String id) {
		return Optional.ofNullable(this.orders.get(id));
	}

	/** All orders, oldest first. */
	List<Order> all() {
		return this.orders.values().stream().sorted(Comparator.comparing(Order::placedAt).thenComparing(Order::id)).toList();
	}

}
