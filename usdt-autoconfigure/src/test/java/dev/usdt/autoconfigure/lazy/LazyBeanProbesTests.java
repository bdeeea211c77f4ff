package dev.usdt.autoconfigure.lazy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.support.AopUtils;
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
			Pricer pricer = context.getBean(Pricer.class);
			assertThat(output.getAll()).contains("USDT probes of " + ListPricer.class.getName() + "#price(String)")
				.contains("were not registered")
				.contains("lazy");
			// a proxy could fire nothing: none is made
			assertThat(AopUtils.isAopProxy(pricer)).isFalse();
			// a lazy bean whose class the @Bean method declares was known: registered and proxied
			assertThat(context.getBean(UsdtRuntime.class).provider("tariffs")).isPresent();
			assertThat(AopUtils.isAopProxy(context.getBean(Tariffs.class))).isTrue();
			assertThat(output.getAll()).doesNotContain(Tariffs.class.getName() + "#");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(UsdtAutoConfiguration.class)
	static class LazyConfiguration {

		@Bean
		Pricer pricer() {
			return new ListPricer();
		}

		@Bean
		Tariffs tariffs() {
			return new Tariffs();
		}

	}

	/** A lazily created bean whose class its @Bean method declares. */
	public static class Tariffs {

		@dev.usdt.UsdtProbe(provider = "tariffs")
		public long rate(String zone) {
			return zone.length();
		}

	}

}
