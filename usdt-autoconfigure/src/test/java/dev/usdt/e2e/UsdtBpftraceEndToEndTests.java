package dev.usdt.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.usdt.Probe;
import dev.usdt.UsdtRuntime;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with a real tracer: the shop runs with the stapsdt backend, {@code bpftrace -p}
 * attaches using the one-liners {@code /actuator/usdt} hands out, HTTP requests fire a typed
 * provider's {@code .d} probe and a {@code @UsdtProbe} method's entry probe, and the endpoint
 * shows which probes the tracer has enabled.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoints.web.exposure.include=usdt", "usdt.backend=stapsdt", "usdt.strict=true" })
@AutoConfigureRestTestClient
class UsdtBpftraceEndToEndTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private RestTestClient client;

	@Autowired
	private UsdtRuntime runtime;

	@BeforeAll
	static void assumeTracer() {
		Bpftrace.assumeAvailable();
	}

	@Test
	void bpftracePrintsTheArgumentsOfHttpRequestsAndTheEndpointShowsWhatIsTraced() throws Exception {
		assertThat(this.runtime.backend()).isEqualTo("stapsdt");
		String program = program("order__placed") + " " + program("place__entry");
		Probe placed = probe("order__placed");
		Probe entry = probe("place__entry");
		try (Bpftrace bpftrace = Bpftrace.attach(this.runtime.pid(), program)) {
			bpftrace.awaitCondition(() -> placed.isEnabled() && entry.isEnabled(), "semaphores set by bpftrace");
			this.client.get()
				.uri("/actuator/usdt")
				.exchange()
				.expectBody()
				.jsonPath("$.providers.orders.probes.order__placed.enabled").isEqualTo(true)
				.jsonPath("$.providers.orders.probes.place__entry.enabled").isEqualTo(true)
				.jsonPath("$.providers.orders.probes.place__return.enabled").isEqualTo(false)
				.jsonPath("$.providers.orders.probes.order__cancelled.enabled").isEqualTo(false)
				.jsonPath("$.providers.inventory.probes.stock__changed.enabled").isEqualTo(false);
			request("/orders/A-1001/1299");
			request("/orders/B-7/5");
			List<String> lines = bpftrace.awaitLines(4, TIMEOUT);
			assertThat(lines).containsExactly("orders:place__entry id=A-1001 cents=1299",
					"orders:order__placed id=A-1001 cents=1299", "orders:place__entry id=B-7 cents=5",
					"orders:order__placed id=B-7 cents=5");
		}
		Bpftrace.await(() -> !placed.isEnabled(), TIMEOUT, "semaphore cleared after bpftrace exits");
		this.client.get()
			.uri("/actuator/usdt/orders")
			.exchange()
			.expectBody()
			.jsonPath("$.probes.order__placed.enabled").isEqualTo(false);
	}

	private void request(String uri) {
		this.client.get().uri(uri).exchange().expectStatus().isOk();
	}

	/** The bpftrace program of the endpoint's one-liner for an orders probe. */
	private String program(String probe) {
		AtomicReference<String> command = new AtomicReference<>();
		this.client.get()
			.uri("/actuator/usdt/orders")
			.exchange()
			.expectBody()
			.jsonPath("$.probes." + probe + ".bpftrace").value(String.class, command::set);
		String oneLiner = command.get();
		assertThat(oneLiner).startsWith("bpftrace -p " + this.runtime.pid() + " -e 'usdt:/").endsWith("'");
		return oneLiner.substring(oneLiner.indexOf("-e '") + 4, oneLiner.length() - 1);
	}

	private Probe probe(String name) {
		return this.runtime.provider("orders").orElseThrow().probe(name);
	}

}
