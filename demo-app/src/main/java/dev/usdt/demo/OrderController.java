package dev.usdt.demo;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /orders}: place ({@code POST}), list ({@code GET}), get one ({@code GET /orders/{id}}),
 * ship ({@code POST /orders/{id}/ship?carrier=...}).
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

	private final OrderService service;

	public OrderController(OrderService service) {
		this.service = service;
	}

	@PostMapping
	public ResponseEntity<Order> place(@RequestBody OrderRequest request) {
		Order order = this.service.placeOrder(request.customer(), request.item(), request.quantity(),
				request.unitCents());
		return ResponseEntity.created(URI.create("/orders/" + order.id())).body(order);
	}

	@GetMapping
	public List<Order> list() {
		return this.service.listOrders();
	}

	@GetMapping("/{id}")
	public Order get(@PathVariable String id) {
		return this.service.findOrder(id);
	}

	@PostMapping("/{id}/ship")
	public Order ship(@PathVariable String id, @RequestParam(defaultValue = "dhl") String carrier) {
		return this.service.shipOrder(id, carrier);
	}

}
