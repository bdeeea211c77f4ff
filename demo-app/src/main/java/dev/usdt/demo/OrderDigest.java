package dev.usdt.demo;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Every few seconds ({@code demo.digest.interval}, 5 s by default) reads the order list through the
 * service's own HTTP API: a scheduled task and a {@link RestClient} call, each an observation that
 * the {@code observation} provider's probes see ({@code tasks.scheduled.execution},
 * {@code http.client.requests}, and the {@code http.server.requests} it causes).
 */
@Component
public class OrderDigest {

	private static final Log logger = LogFactory.getLog(OrderDigest.class);

	private final RestClient client;

	private final Environment environment;

	public OrderDigest(RestClient.Builder builder, Environment environment) {
		this.client = builder.build();
		this.environment = environment;
	}

	@Scheduled(fixedDelayString = "${demo.digest.interval:5s}", initialDelayString = "${demo.digest.interval:5s}")
	public void digest() {
		// the port is known once the server has started, and is random in tests
		String port = this.environment.getProperty("local.server.port");
		if (port == null) {
			return;
		}
		List<Order> orders = this.client.get()
			.uri("http://localhost:" + port + "/orders")
			.retrieve()
			.body(new ParameterizedTypeReference<List<Order>>() {
			});
		if (logger.isDebugEnabled()) {
			logger.debug("Order digest: " + ((orders != null) ? orders.size() : 0) + " orders");
		}
	}

}
