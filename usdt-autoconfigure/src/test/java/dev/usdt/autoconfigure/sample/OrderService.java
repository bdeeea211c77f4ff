package dev.usdt.autoconfigure.sample;

import java.util.concurrent.CompletableFuture;

import reactor.core.publisher.Mono;

import dev.usdt.UsdtProbe;

public class OrderService {

	private final OrderEvents events;

	public OrderService(OrderEvents events) {
		this.events = events;
	}

	@UsdtProbe(provider = "orders")
	public String place(String id, long cents) {
		this.events.orderPlaced(id, cents);
		return "placed " + id;
	}

	@UsdtProbe("ship")
	public String shipWithOptions(String id, boolean express, char priority, Region region, Object note, int boxes,
			short extra) {
		return "shipped " + id + " " + express + " " + priority + " " + region + " " + note + " " + boxes + " " + extra;
	}

	@UsdtProbe
	public void fail(String reason) {
		throw new IllegalStateException(reason);
	}

	@UsdtProbe
	public CompletableFuture<String> placeAsync(String id) {
		return CompletableFuture.supplyAsync(() -> "async " + id);
	}

	@UsdtProbe
	public Mono<String> placeReactive(String id) {
		return Mono.just("reactive " + id);
	}

	public String unprobed() {
		return "plain";
	}

	public enum Region {

		EU, US

	}

}
