package dev.usdt.reliability;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.usdt.e2e.ShopApplication;

/**
 * {@code /actuator/usdt} has no write operation: POST, PUT and DELETE to it and to a provider are
 * answered 405 (the path only reads), to a probe 404 (no such path), and the endpoint keeps
 * answering reads; with the endpoint's default read-only access and also when an operator opens
 * the access up to unrestricted.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=usdt", "usdt.backend=noop" })
@AutoConfigureRestTestClient
class UsdtEndpointReadOnlyTests {

	@Autowired
	private RestTestClient client;

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "POST, /actuator/usdt, 405", "PUT, /actuator/usdt, 405", "DELETE, /actuator/usdt, 405",
			"POST, /actuator/usdt/orders, 405", "PUT, /actuator/usdt/orders, 405",
			"DELETE, /actuator/usdt/orders, 405", "POST, /actuator/usdt/orders/order__placed, 404",
			"DELETE, /actuator/usdt/orders/order__placed, 404" })
	void writesAreNotAllowedWithDefaultAccess(String method, String path, int status) {
		assertWriteRejected(this.client, method, path, status);
	}

	static void assertWriteRejected(RestTestClient client, String method, String path, int status) {
		client.method(HttpMethod.valueOf(method))
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"enabled\":true}")
			.exchange()
			.expectStatus()
			.isEqualTo(status);
		client.get().uri("/actuator/usdt/orders").exchange().expectStatus().isOk();
	}

	@Nested
	@TestPropertySource(properties = "management.endpoint.usdt.access=unrestricted")
	class UnrestrictedAccess {

		@ParameterizedTest(name = "{0} {1}")
		@CsvSource({ "POST, /actuator/usdt, 405", "PUT, /actuator/usdt, 405", "DELETE, /actuator/usdt, 405",
				"POST, /actuator/usdt/orders, 405", "PUT, /actuator/usdt/orders, 405",
				"DELETE, /actuator/usdt/orders, 405", "POST, /actuator/usdt/orders/order__placed, 404" })
		void writesAreNotAllowedEvenWithUnrestrictedAccess(String method, String path, int status) {
			assertWriteRejected(UsdtEndpointReadOnlyTests.this.client, method, path, status);
		}

	}

}
