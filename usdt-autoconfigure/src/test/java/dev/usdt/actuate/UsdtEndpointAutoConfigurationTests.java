package dev.usdt.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;
import dev.usdt.backend.BackendKind;

import static org.assertj.core.api.Assertions.assertThat;

class UsdtEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class, UsdtEndpointAutoConfiguration.class))
		.withPropertyValues("usdt.backend=noop");

	@Test
	void endpointIsAbsentWhenNotExposed() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(UsdtRuntime.class)
			.doesNotHaveBean(UsdtEndpoint.class));
	}

	@Test
	void endpointIsPresentWhenExposedOverHttp() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=usdt")
			.run((context) -> assertThat(context).hasSingleBean(UsdtEndpoint.class));
	}

	@Test
	void endpointIsPresentWhenExposedOverJmx() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=usdt")
			.run((context) -> assertThat(context).hasSingleBean(UsdtEndpoint.class));
	}

	@Test
	void endpointIsAbsentWithAccessNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=usdt", "management.endpoint.usdt.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(UsdtEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenUsdtIsDisabled() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=usdt", "usdt.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UsdtRuntime.class)
				.doesNotHaveBean(UsdtEndpoint.class));
	}

	@Test
	void endpointDescribesAUserRuntimeEvenWhenUsdtIsDisabled() {
		this.runner.withUserConfiguration(UserRuntimeConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=usdt", "usdt.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(UsdtEndpoint.class));
	}

	@Test
	void withoutActuatorTheCoreStartsWithoutEndpoint() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=usdt")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(UsdtRuntime.class)
				.doesNotHaveBean(UsdtEndpoint.class));
	}

	@Test
	void userEndpointWins() {
		this.runner.withUserConfiguration(UserEndpointConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=usdt")
			.run((context) -> assertThat(context).hasSingleBean(UsdtEndpoint.class).hasBean("myEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRuntimeConfiguration {

		@Bean
		UsdtRuntime myRuntime() {
			return UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		UsdtEndpoint myEndpoint(UsdtRuntime runtime) {
			return new UsdtEndpoint(runtime);
		}

	}

}
