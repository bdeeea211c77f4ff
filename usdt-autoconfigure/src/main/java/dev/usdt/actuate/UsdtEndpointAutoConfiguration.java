package dev.usdt.actuate;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} for
 * the {@link UsdtEndpoint}: present when Actuator is, and the endpoint is exposed and not
 * switched off ({@code management.endpoints.web.exposure.include=usdt}).
 */
@AutoConfiguration(after = UsdtAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(UsdtEndpoint.class)
public final class UsdtEndpointAutoConfiguration {

	@Bean
	@ConditionalOnBean(UsdtRuntime.class)
	@ConditionalOnMissingBean
	UsdtEndpoint usdtEndpoint(UsdtRuntime runtime) {
		return new UsdtEndpoint(runtime);
	}

}
