package dev.usdt.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running demo service at a steady rate with a mix of requests, so every probe fires:
 * places orders (one in ten invalid), reads them back, ships most of them, asks for an order that
 * does not exist now and then, and lists. Prints one line per second with the status counts.
 */
public class LoadGenerator {

	private static final List<String> CUSTOMERS = List.of("ada", "grace", "linus", "barbara", "ken", "margaret");

	private static final List<String> ITEMS = List.of("book", "keyboard", "mug", "lamp", "cable");

	private static final Pattern ORDER_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

	private final LoadOptions options;

	private final PrintStream out;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Deque<String> toShip = new ArrayDeque<>();

	private final int[] statusClasses = new int[6];

	private int failures;

	public LoadGenerator(LoadOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/** Sends requests until the count is reached (or forever); returns the process exit status. */
	public int run() {
		this.out.printf("Sending %d requests/s to %s%s (Ctrl-C to stop)%n", this.options.rate(), this.options.url(),
				(this.options.count() > 0) ? ", " + this.options.count() + " in total" : "");
		long interval = Duration.ofSeconds(1).toNanos() / this.options.rate();
		long next = System.nanoTime();
		long lastReport = next;
		for (long sent = 0; this.options.count() == 0 || sent < this.options.count(); sent++) {
			LockSupport.parkNanos(next - System.nanoTime());
			next += interval;
			send(sent);
			if (System.nanoTime() - lastReport >= Duration.ofSeconds(1).toNanos()) {
				report(sent + 1);
				lastReport = System.nanoTime();
			}
		}
		report(this.options.count());
		return (this.failures > 0 && this.failures == this.options.count()) ? 1 : 0;
	}

	/** Sends request number {@code sequence} of the mix. */
	void send(long sequence) {
		int step = (int) (sequence % 10);
		String customer = CUSTOMERS.get((int) (sequence % CUSTOMERS.size()));
		String item = ITEMS.get((int) (sequence % ITEMS.size()));
		switch (step) {
			case 0, 2, 4, 6 -> place(customer, item, 1 + step / 2, 499 + 100 * step);
			case 1, 5 -> ship();
			case 3 -> get(this.toShip.isEmpty() ? "A-1001" : this.toShip.peekLast());
			case 7 -> get("A-" + (900 + sequence % 100));
			case 8 -> place(customer, item, 0, 499);
			default -> request(HttpRequest.newBuilder(uri("/orders")).GET());
		}
	}

	private void place(String customer, String item, int quantity, long unitCents) {
		String json = "{\"customer\":\"" + customer + "\",\"item\":\"" + item + "\",\"quantity\":" + quantity
				+ ",\"unitCents\":" + unitCents + "}";
		String body = request(HttpRequest.newBuilder(uri("/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
		Matcher id = ORDER_ID.matcher(body);
		if (id.find()) {
			this.toShip.addLast(id.group(1));
		}
	}

	private void ship() {
		String id = this.toShip.pollFirst();
		if (id != null) {
			request(HttpRequest.newBuilder(uri("/orders/" + id + "/ship?carrier=ups"))
				.POST(HttpRequest.BodyPublishers.noBody()));
		}
		else {
			request(HttpRequest.newBuilder(uri("/orders")).GET());
		}
	}

	private void get(String id) {
		request(HttpRequest.newBuilder(uri("/orders/" + id)).GET());
	}

	private String request(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			this.statusClasses[Math.min(response.statusCode() / 100, 5)]++;
			return response.body();
		}
		catch (IOException ex) {
			this.failures++;
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** Requests that got no answer at all. */
	int failures() {
		return this.failures;
	}

	private URI uri(String path) {
		return URI.create(this.options.url() + path);
	}

	private void report(long sent) {
		this.out.printf("%d sent: %d 2xx, %d 4xx, %d 5xx, %d not connected%n", sent, this.statusClasses[2],
				this.statusClasses[4], this.statusClasses[5], this.failures);
	}

}
