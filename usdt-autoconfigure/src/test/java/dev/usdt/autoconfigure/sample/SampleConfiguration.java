package dev.usdt.autoconfigure.sample;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A small application: two probed services and the typed providers of this package. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class SampleConfiguration {

	@Bean
	public OrderService orderService(OrderEvents events) {
		return new OrderService(events);
	}

	@Bean
	public AuditService auditService() {
		return new AuditService();
	}

}
