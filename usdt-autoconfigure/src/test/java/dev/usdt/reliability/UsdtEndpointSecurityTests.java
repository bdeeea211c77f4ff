package dev.usdt.reliability;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.usdt.e2e.ShopApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/usdt} behind Spring Security's defaults (starter on the class path, no
 * SecurityFilterChain of the application's own): secured like every actuator endpoint but
 * health, readable by the configured user, and what it answers is probe metadata only — never an
 * argument value a probe was fired with.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
				// switches Spring Security back on (src/test/resources/application.properties)
				"spring.autoconfigure.exclude=", "management.endpoints.web.exposure.include=health,usdt",
				"spring.security.user.name=operator",
				"spring.security.user.password=" + UsdtEndpointSecurityTests.PASSWORD, "usdt.backend=stapsdt",
				"usdt.strict=true" })
@AutoConfigureRestTestClient
class UsdtEndpointSecurityTests {

	static final String PASSWORD = "correct-horse-battery";

	@Autowired
	private RestTestClient client;

	@Test
	void usdtWithoutCredentialsIsUnauthorized() {
		this.client.get().uri("/actuator/usdt").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/actuator/usdt/orders").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void usdtWithAWrongPasswordIsUnauthorized() {
		this.client.get()
			.uri("/actuator/usdt")
			.headers((headers) -> headers.setBasicAuth("operator", "wrong"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void usdtAnswersTheConfiguredUser() {
		this.client.get()
			.uri("/actuator/usdt/orders")
			.headers((headers) -> headers.setBasicAuth("operator", PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.probes.order__placed.arguments[0]").isEqualTo("char *");
	}

	@Test
	void healthStaysOpenWithoutCredentialsAndShowsNoDetails() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components").doesNotExist()
			.jsonPath("$.details").doesNotExist();
	}

	@Test
	void writesOfTheConfiguredUserWithoutCsrfTokenAreRejectedBeforeTheEndpoint() {
		// Security's CSRF protection denies them; the error dispatch is not authorized either: 401
		for (HttpMethod method : new HttpMethod[] { HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE }) {
			for (String path : new String[] { "/actuator/usdt", "/actuator/usdt/orders" }) {
				this.client.method(method)
					.uri(path)
					.headers((headers) -> headers.setBasicAuth("operator", PASSWORD))
					.contentType(MediaType.APPLICATION_JSON)
					.body("{\"enabled\":true}")
					.exchange()
					.expectStatus()
					.isUnauthorized();
			}
		}
	}

	@Test
	void usdtShowsOnlyProbeMetadataNeverFiredArgumentValues() {
		this.client.get()
			.uri("/orders/SECRET-4711/987654321")
			.headers((headers) -> headers.setBasicAuth("operator", PASSWORD))
			.exchange()
			.expectStatus()
			.isOk();
		String body = this.client.get()
			.uri("/actuator/usdt")
			.headers((headers) -> headers.setBasicAuth("operator", PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).doesNotContain("SECRET-4711").doesNotContain("987654321");
		JsonNode usdt = JsonMapper.builder().build().readTree(body);
		assertThat(names(usdt)).containsExactly("backend", "pid", "providers");
		assertThat(usdt.get("backend").asString()).isEqualTo("stapsdt");
		assertThat(names(usdt.get("providers"))).contains("orders", "inventory", "app", "audit");
		for (JsonNode provider : usdt.get("providers")) {
			assertThat(names(provider)).containsExactly("library", "onDisk", "probes", "source");
			assertThat(provider.get("onDisk").asBoolean()).isTrue();
			for (JsonNode probe : provider.get("probes")) {
				assertThat(names(probe)).containsExactly("arguments", "bpftrace", "enabled");
				assertThat(probe.get("arguments").isArray()).isTrue();
				assertThat(probe.get("enabled").isBoolean()).isTrue();
			}
		}
	}

	private static Set<String> names(JsonNode node) {
		Set<String> names = new TreeSet<>();
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			names.add(property.getKey());
		}
		return names;
	}

}
