package dev.usdt.autoconfigure.subclass;

import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;

import dev.usdt.UsdtProbe;

/**
 * A class without interfaces whose {@code @Async} method carries probes: its generated subclass
 * must still be proxied as a class, so that it stays injectable by its class.
 */
public class AsyncDesk {

	@Async
	@UsdtProbe
	public CompletableFuture<String> handle(String ticket) {
		return CompletableFuture.completedFuture(ticket + " on " + Thread.currentThread().getName());
	}

}
