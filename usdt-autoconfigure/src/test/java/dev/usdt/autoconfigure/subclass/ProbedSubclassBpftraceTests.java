package dev.usdt.autoconfigure.subclass;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.usdt.Probe;
import dev.usdt.Provider;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.ProbedSubclass;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A bean registered by its class is an instance of the subclass usdt-core's processor generated,
 * not a proxy, and a real bpftrace sees its probes: the entry probe's arguments, the return probe
 * with the thrown exception's class name. A bean a {@code @Bean} method creates is proxied as
 * before.
 */
class ProbedSubclassBpftraceTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class))
		.withPropertyValues("usdt.backend=stapsdt", "usdt.strict=true", "usdt.provider=ledger", "ledger.currency=CHF");

	@BeforeAll
	static void assumeTracer() {
		Bpftrace.assumeAvailable();
	}

	@Test
	void aBeanRegisteredByItsClassFiresItsProbesWithoutAProxy() {
		this.runner.withUserConfiguration(Ledger.class).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			assertThat(ledger).isInstanceOf(ProbedSubclass.class);
			assertThat(ledger.getClass().getName()).isEqualTo(Ledger.class.getName() + "$$Usdt");
			assertThat(AopUtils.isAopProxy(ledger)).isFalse();
			assertThat(ledger.currency()).isEqualTo("CHF");
			// untraced calls behave as the class's own
			assertThat(ledger.post("acc-0", 1, 1)).isEqualTo("acc-0 1 CHF");
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			Provider provider = runtime.provider("ledger").orElseThrow();
			assertThat(provider.probes()).extracting(Probe::name)
				.containsExactlyInAnyOrder("post__entry", "post__return", "count__entry", "count__return");
			String library = provider.library().map(Path::toString).orElseThrow();
			String program = "usdt:" + library + ":ledger:post__entry { printf(\"entry %s %d %d\\n\", str(arg0), arg1, arg2); } "
					+ "usdt:" + library + ":ledger:post__return { printf(\"return %d %s\\n\", arg0 > 0, str(arg1)); } "
					+ "usdt:" + library + ":ledger:count__return { printf(\"count %s\\n\", str(arg1)); }";
			try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
				Probe entry = provider.probe("post__entry");
				bpftrace.awaitCondition(entry::isEnabled, "the semaphore set by bpftrace");
				assertThat(ledger.post("acc-1", 1299, 1)).isEqualTo("acc-1 1299 CHF");
				assertThatIllegalArgumentException().isThrownBy(() -> ledger.post("acc-2", -5, 2));
				assertThat(ledger.posted()).isEqualTo(2);
				bpftrace.awaitLines(5, Duration.ofSeconds(30));
				assertThat(bpftrace.stop()).as(bpftrace.transcript())
					.containsExactly("entry acc-1 1299 1", "return 1 ", "entry acc-2 -5 2",
							"return 1 java.lang.IllegalArgumentException", "count ");
			}
		});
	}

	@Test
	void aBeanCreatedByABeanMethodIsProxied() {
		this.runner.withUserConfiguration(LedgerConfiguration.class).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			assertThat(ledger).isNotInstanceOf(ProbedSubclass.class);
			assertThat(AopUtils.isAopProxy(ledger)).isTrue();
			assertThat(ledger.post("acc-3", 7, 1)).isEqualTo("acc-3 7 EUR");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class LedgerConfiguration {

		@Bean
		Ledger ledger() {
			return new Ledger("EUR");
		}

	}

}
