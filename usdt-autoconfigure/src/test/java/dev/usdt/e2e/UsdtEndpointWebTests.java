package dev.usdt.e2e;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.usdt.UsdtRuntime;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=usdt", "usdt.backend=noop" })
@AutoConfigureRestTestClient
class UsdtEndpointWebTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private UsdtRuntime runtime;

	@Test
	void usdtListsBackendPidProvidersAndProbes() {
		this.client.get()
			.uri("/actuator/usdt")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.backend").isEqualTo("noop")
			.jsonPath("$.pid").isEqualTo(this.runtime.pid())
			.jsonPath("$.providers.orders.source").value(String.class, (source) -> assertThat(source).endsWith("orders.d"))
			.jsonPath("$.providers.orders.library").doesNotExist()
			.jsonPath("$.providers.orders.probes.order__placed.arguments[0]").isEqualTo("char *")
			.jsonPath("$.providers.orders.probes.order__placed.arguments[1]").isEqualTo("uint64_t")
			.jsonPath("$.providers.orders.probes.order__placed.enabled").isEqualTo(false)
			.jsonPath("$.providers.orders.probes.order__placed.bpftrace").value(String.class, (command) -> assertThat(command).startsWith("bpftrace -p "))
			.jsonPath("$.providers.orders.probes.place__return.arguments[0]").isEqualTo("int64_t")
			.jsonPath("$.providers.inventory.probes.stock__changed.arguments[1]").isEqualTo("int32_t");
	}

	@Test
	void usdtProviderDescribesOneProvider() {
		this.client.get()
			.uri("/actuator/usdt/inventory")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.source").isEqualTo("dev.usdt.autoconfigure.sample.InventoryEvents")
			.jsonPath("$.probes.stock__changed.enabled").isEqualTo(false);
	}

	@Test
	void unknownProviderIsNotFound() {
		this.client.get().uri("/actuator/usdt/nope").exchange().expectStatus().isNotFound();
	}

	@Test
	void requestsRunThroughProbedMethods() {
		this.client.get().uri("/orders/A-1/1299").exchange().expectStatus().isOk().expectBody(String.class)
			.isEqualTo("placed A-1");
	}

}
