package dev.usdt.autoconfigure.inherited;

import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

import dev.usdt.UsdtProbe;

/** Proxied by Spring's {@code @Async} support before the probe advice is added. */
@Component("delta")
@UsdtProbe(provider = "delta")
public class DeltaHandler extends Handler<String> {

	@Override
	public String process(String input) {
		return "delta processed " + input;
	}

	@Async
	public CompletableFuture<String> later(String input) {
		return CompletableFuture.completedFuture("later " + input);
	}

}
