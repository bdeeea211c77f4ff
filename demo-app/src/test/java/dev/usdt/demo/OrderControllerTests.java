package dev.usdt.demo;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /orders} API over HTTP, with the probes registered for real (no tracer attached).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class OrderControllerTests {

	@Autowired
	private RestTestClient client;

	@Test
	void placingAnOrderReturnsItWithItsLocation() {
		Order order = place("{\"customer\":\"ada\",\"item\":\"book\",\"quantity\":2,\"unitCents\":1299}");
		assertThat(order.id()).matches("A-\\d+");
		assertThat(order.customer()).isEqualTo("ada");
		assertThat(order.cents()).isEqualTo(2598);
		assertThat(order.status()).isEqualTo(OrderStatus.PLACED);
		assertThat(order.carrier()).isNull();
	}

	@Test
	void aPlacedOrderCanBeReadBack() {
		Order order = place("{\"customer\":\"grace\",\"item\":\"mug\",\"quantity\":1,\"unitCents\":750}");
		this.client.get()
			.uri("/orders/{id}", order.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(order.id())
			.jsonPath("$.item")
			.isEqualTo("mug");
	}

	@Test
	void shippingAnOrderRecordsTheCarrier() {
		Order order = place("{\"customer\":\"linus\",\"item\":\"lamp\",\"quantity\":1,\"unitCents\":3000}");
		this.client.post()
			.uri("/orders/{id}/ship?carrier=ups", order.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("SHIPPED")
			.jsonPath("$.carrier")
			.isEqualTo("ups");
	}

	@Test
	void shippingAnOrderTwiceIsABadRequest() {
		Order order = place("{\"customer\":\"ken\",\"item\":\"cable\",\"quantity\":3,\"unitCents\":199}");
		this.client.post().uri("/orders/{id}/ship", order.id()).exchange().expectStatus().isOk();
		this.client.post().uri("/orders/{id}/ship", order.id()).exchange().expectStatus().isBadRequest();
	}

	@Test
	void anUnknownOrderIsNotFound() {
		this.client.get().uri("/orders/A-1").exchange().expectStatus().isNotFound();
		this.client.post().uri("/orders/A-1/ship").exchange().expectStatus().isNotFound();
	}

	@Test
	void anOrderWithoutQuantityIsRejected() {
		this.client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"customer\":\"ada\",\"item\":\"book\",\"quantity\":0,\"unitCents\":1299}")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void theListHoldsPlacedOrders() {
		Order order = place("{\"customer\":\"barbara\",\"item\":\"keyboard\",\"quantity\":1,\"unitCents\":8900}");
		this.client.get()
			.uri("/orders")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.id == '" + order.id() + "')].customer")
			.isEqualTo("barbara");
	}

	private Order place(String json) {
		Order order = this.client.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CREATED)
			.expectHeader()
			.valueMatches("Location", "/orders/A-\\d+")
			.expectBody(Order.class)
			.returnResult()
			.getResponseBody();
		assertThat(order).isNotNull();
		return order;
	}

}
