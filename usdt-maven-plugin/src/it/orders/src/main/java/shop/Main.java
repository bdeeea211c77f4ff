package shop;

import java.time.Duration;
import java.time.Instant;

import shop.probes.OrdersProbes;

/** Places one order once a tracer has attached (or after a minute), firing both probes. */
public final class Main {

	public static void main(String[] args) throws InterruptedException {
		System.out.println("enabled=" + OrdersProbes.isOrderPlacedEnabled() + " pid=" + ProcessHandle.current().pid());
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!OrdersProbes.isOrderPlacedEnabled() && Instant.now().isBefore(deadline)) {
			Thread.sleep(20);
		}
		OrdersProbes.orderPlaced("A-1001", 1299L);
		OrdersProbes.queueDepth(7);
		System.out.println("fired enabled=" + OrdersProbes.isOrderPlacedEnabled());
	}

}
