package dev.usdt.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import dev.usdt.Provider;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.UsdtProbeRegistration;

import static org.assertj.core.api.Assertions.assertThat;

/** With a separate management port (a child context) the probes are registered exactly once. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoints.web.exposure.include=usdt", "management.server.port=0", "usdt.backend=noop" })
class UsdtManagementPortTests {

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private UsdtRuntime runtime;

	@Autowired
	private UsdtProbeRegistration registration;

	@Test
	void probesAreRegisteredOnceAndServedOnTheManagementPort() throws Exception {
		assertThat(this.registration.isRegistered()).isTrue();
		assertThat(this.runtime.providers()).extracting(Provider::name).containsOnlyOnce("jvm", "observation").hasSize(6);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + "/actuator/usdt/orders"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"order__placed\"");
	}

}
