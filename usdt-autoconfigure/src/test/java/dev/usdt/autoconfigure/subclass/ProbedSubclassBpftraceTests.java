package dev.usdt.autoconfigure.subclass;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
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
	void anAsyncSubclassBeanStaysInjectableByItsClassWhereProxiesAreJdkProxies() {
		// ProbedSubclass is no interface of the bean's for Spring's proxies: like a class without
		// interfaces, the bean is proxied as a class, as it would be without the starter
		this.runner.withUserConfiguration(AsyncConfiguration.class, AsyncDesk.class)
			.withPropertyValues("spring.aop.proxy-target-class=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AsyncDesk desk = context.getBean(AsyncDesk.class);
				assertThat(AopUtils.isCglibProxy(desk)).isTrue();
				assertThat(desk).isInstanceOf(ProbedSubclass.class);
				assertThat(desk.handle("T-1").get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("T-1 on ")
					.doesNotEndWith(Thread.currentThread().getName());
			});
	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.scheduling.annotation.EnableAsync
	static class AsyncConfiguration {

	}

	@Test
	@SuppressWarnings("unchecked")
	void aSubclassBeanAnotherPostProcessorPutInAJdkProxyFiresThroughIt() {
		this.runner.withUserConfiguration(Teller.class, InterfaceProxies.class).run((context) -> {
			Supplier<String> teller = context.getBean(Supplier.class);
			assertThat(AopUtils.isJdkDynamicProxy(teller)).isTrue();
			assertThat(AopUtils.getTargetClass(teller).getName()).isEqualTo(Teller.class.getName() + "$$Usdt");
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			Provider provider = runtime.provider("ledger").orElseThrow();
			String library = provider.library().map(Path::toString).orElseThrow();
			String program = "usdt:" + library + ":ledger:get__entry { printf(\"get\\n\"); }";
			try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
				bpftrace.awaitCondition(provider.probe("get__entry")::isEnabled, "the semaphore set by bpftrace");
				assertThat(teller.get()).isEqualTo("counted");
				assertThat(teller.get()).isEqualTo("counted");
				bpftrace.awaitLines(2, Duration.ofSeconds(30));
				assertThat(bpftrace.stop()).as(bpftrace.transcript()).containsExactly("get", "get");
			}
		});
	}

	@Test
	void aBeanWhoseSubclassMissesAProbedMethodIsProxied() {
		this.runner.withUserConfiguration(Auditor.class).run((context) -> {
			Auditor auditor = context.getBean(Auditor.class);
			assertThat(Class.forName(Auditor.class.getName() + "$$Usdt")).isAssignableTo(ProbedSubclass.class);
			assertThat(auditor).isNotInstanceOf(ProbedSubclass.class);
			assertThat(AopUtils.isAopProxy(auditor)).isTrue();
			assertThat(context.getBean(UsdtRuntime.class).provider("ledger").orElseThrow().probes()).extracting(Probe::name)
				.containsExactlyInAnyOrder("note__entry", "note__return", "check__entry", "check__return");
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

	/** Puts every {@link Supplier} bean in a JDK proxy of its interfaces before the starter sees it. */
	@Configuration(proxyBeanMethods = false)
	static class InterfaceProxies {

		@Bean
		static BeanPostProcessor interfaceProxies() {
			return new InterfaceProxyPostProcessor();
		}

	}

	/** Before initialization, so that the starter's post-processor sees the proxy. */
	static class InterfaceProxyPostProcessor implements BeanPostProcessor {

		@Override
		public Object postProcessBeforeInitialization(Object bean, String beanName) {
			return (bean instanceof Supplier) ? new ProxyFactory(bean).getProxy() : bean;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LedgerConfiguration {

		@Bean
		Ledger ledger() {
			return new Ledger("EUR");
		}

	}

}
