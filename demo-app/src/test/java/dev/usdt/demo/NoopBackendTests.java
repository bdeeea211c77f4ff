package dev.usdt.demo;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The demo on a machine without tracing support, simulated with {@code usdt.backend=noop}: it
 * serves orders and still describes its probes, which are never enabled.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "usdt.backend=noop")
@AutoConfigureRestTestClient
class NoopBackendTests {

	@Autowired
	private RestTestClient client;

	@Test
	void servesOrdersAndDescribesProbesWithoutALibrary() {
		this.client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"customer\":\"ada\",\"item\":\"book\",\"quantity\":1,\"unitCents\":1299}")
			.exchange()
			.expectStatus()
			.isCreated();
		this.client.get()
			.uri("/actuator/usdt")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.backend")
			.isEqualTo("noop")
			.jsonPath("$.providers.orders.probes.order__placed.enabled")
			.isEqualTo(false)
			.jsonPath("$.providers.demo.probes.placeOrder__entry.enabled")
			.isEqualTo(false);
	}

}
