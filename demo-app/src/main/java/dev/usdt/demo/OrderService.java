package dev.usdt.demo;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

import dev.usdt.UsdtProbe;

/**
 * Places, finds, ships and lists orders. Every public method has {@code @UsdtProbe}, so provider
 * {@code demo} (from {@code spring.application.name}) has {@code placeOrder__entry(char *, char *,
 * int32_t, int64_t)}, {@code placeOrder__return(int64_t elapsed_ns, char *error)} and so on; the
 * business events go to the {@code orders} and {@code audit} providers.
 */
@Service
public class OrderService {

	private final OrderStore store;

	private final OrderEvents events;

	private final AuditEvents audit;

	private final OrderSummaries summaries;

	private final Clock clock;

	public OrderService(OrderStore store, OrderEvents events, AuditEvents audit, OrderSummaries summaries) {
		this.store = store;
		this.events = events;
		this.audit = audit;
		this.summaries = summaries;
		this.clock = Clock.systemUTC();
	}

	@UsdtProbe
	public Order placeOrder(String customer, String item, int quantity, long unitCents) {
		String problem = problem(customer, item, quantity, unitCents);
		if (problem != null) {
			this.events.orderRejected(customer, problem);
			throw new InvalidOrderException(problem);
		}
		Order order = this.store.save(new Order(this.store.nextId(), customer, item, quantity,
				Math.multiplyExact(quantity, unitCents), OrderStatus.PLACED, null, Instant.now(this.clock)));
		this.events.orderPlaced(order.id(), order.customer(), order.cents());
		changed(order);
		return order;
	}

	@UsdtProbe
	public Order findOrder(String id) {
		return this.store.find(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

	@UsdtProbe
	public Order shipOrder(String id, String carrier) {
		Order order = findOrder(id);
		if (order.status() != OrderStatus.PLACED) {
			throw new InvalidOrderException("Order " + id + " is already " + order.status());
		}
		Order shipped = this.store.save(order.shipped(carrier));
		this.events.orderShipped(id, carrier);
		changed(shipped);
		return shipped;
	}

	@UsdtProbe
	public List<Order> listOrders() {
		return this.store.all();
	}

	private void changed(Order order) {
		// the JSON costs microseconds: build it only while a tracer listens
		if (this.audit.isOrderChangedEnabled()) {
			this.audit.orderChanged(order.id(), this.summaries.summarize(order));
		}
	}

	private static @Nullable String problem(String customer, String item, int quantity, long unitCents) {
		if (!StringUtils.hasText(customer)) {
			return "no customer";
		}
		if (!StringUtils.hasText(item)) {
			return "no item";
		}
		if (quantity < 1) {
			return "quantity must be at least 1";
		}
		if (unitCents < 1) {
			return "price must be at least 1 cent";
		}
		return null;
	}

}
