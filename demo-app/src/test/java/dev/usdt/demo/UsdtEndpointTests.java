package dev.usdt.demo;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/usdt} and {@code /actuator/health} of the demo: the three providers, each
 * declared its own way, with their probes and argument types.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class UsdtEndpointTests {

	@Autowired
	private RestTestClient client;

	@Test
	void listsTheAnnotatedMethodsUnderTheApplicationName() {
		this.client.get()
			.uri("/actuator/usdt")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.providers.demo.source")
			.isEqualTo(OrderService.class.getName())
			.jsonPath("$.providers.demo.probes.placeOrder__entry.arguments")
			.isEqualTo(List.of("char *", "char *", "int32_t", "int64_t"))
			.jsonPath("$.providers.demo.probes.placeOrder__return.arguments")
			.isEqualTo(List.of("int64_t", "char *"))
			.jsonPath("$.providers.demo.probes.shipOrder__entry.arguments")
			.isEqualTo(List.of("char *", "char *"))
			.jsonPath("$.providers.demo.probes.listOrders__entry.arguments")
			.isEmpty()
			.jsonPath("$.providers.demo.probes.findOrder__return.enabled")
			.isEqualTo(false);
	}

	@Test
	void listsTheProviderOfTheDefinitionFile() {
		this.client.get()
			.uri("/actuator/usdt/orders")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.source")
			.value((String source) -> assertThat(source).endsWith("orders.d"))
			.jsonPath("$.probes.order__placed.arguments")
			.isEqualTo(List.of("char *", "char *", "uint64_t"))
			.jsonPath("$.probes.order__shipped.arguments")
			.isEqualTo(List.of("char *", "char *"))
			.jsonPath("$.probes.order__rejected.arguments")
			.isEqualTo(List.of("char *", "char *"))
			.jsonPath("$.probes.order__placed.bpftrace")
			.value((String command) -> assertThat(command)
				.contains(":orders:order__placed { printf(\"orders:order__placed id=%s customer=%s cents=%lu\\n\", "
						+ "str(arg0), str(arg1), arg2); }"));
	}

	@Test
	void listsTheProviderDeclaredByAnInterface() {
		this.client.get()
			.uri("/actuator/usdt/audit")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.source")
			.isEqualTo(AuditEvents.class.getName())
			.jsonPath("$.probes.order__changed.arguments")
			.isEqualTo(List.of("char *", "char *"));
	}

	@Test
	void anUnknownProviderIsNotFound() {
		this.client.get().uri("/actuator/usdt/nope").exchange().expectStatus().isNotFound();
	}

	@Test
	void healthIsExposed() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

}
