package dev.usdt.autoconfigure.lazy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lazily created bean whose {@code @Bean} method declares an interface: its class, and so its
 * probes, were unknown when the probes were registered. It says so when the bean is created, not
 * first when a call happens to be traced.
 */
@ExtendWith(OutputCaptureExtension.class)
class LazyBeanProbesTests {

	@Test
	void aLazyBeanWhoseClassWasUnknownAtStartupIsNamedInAWarnWhenCreated(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LazyConfiguration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.lazyInitialization(true)
			.properties("usdt.backend=noop")
			.run()) {
			assertThat(context.getBean(UsdtRuntime.class).provider("pricing")).isEmpty();
			assertThat(output.getAll()).doesNotContain(ListPricer.class.getName() + "#price");
			context.getBean(Pricer.class);
			assertThat(output.getAll()).contains("USDT probes of " + ListPricer.class.getName() + "#price(String)")
				.contains("were not registered")
				.contains("lazy");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(UsdtAutoConfiguration.class)
	static class LazyConfiguration {

		@Bean
		Pricer pricer() {
			return new ListPricer();
		}

	}

}
