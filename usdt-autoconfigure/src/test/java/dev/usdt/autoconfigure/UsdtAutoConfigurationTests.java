package dev.usdt.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Role;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.usdt.Probe;
import dev.usdt.ProbeHandle;
import dev.usdt.ProviderDirectory;
import dev.usdt.ProbeSemaphores;
import dev.usdt.Provider;
import dev.usdt.UsdtException;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtProbe;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.mismatch.MismatchConfiguration;
import dev.usdt.autoconfigure.sample.AuditService;
import dev.usdt.autoconfigure.sample.InventoryEvents;
import dev.usdt.autoconfigure.sample.OrderEvents;
import dev.usdt.autoconfigure.sample.OrderService;
import dev.usdt.autoconfigure.sample.SampleConfiguration;
import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.DefinitionException;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.SourceLocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class UsdtAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class,
				UsdtProviderInterfacesAutoConfiguration.class, AopAutoConfiguration.class))
		.withPropertyValues("usdt.backend=noop");

	@Test
	void codeGeneratedFromTheSameFileFiresTheContextsProviderWhileItRuns() {
		ProviderDefinition orders = ProviderDefinition.of("orders",
				ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.UINT64),
				ProbeDefinition.of("order__cancelled", ArgumentKind.STRING));
		// a no-op stand-in for the first-use registration (a real one would leave a second 'orders'
		// library mapped in this test JVM for the bpftrace tests to trip over)
		try (UsdtRuntime earlier = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP))) {
			Provider registeredBefore = earlier.register(orders);
			ProviderDirectory.publish(registeredBefore);
			// what OrdersProbes generated from usdt/orders.d does when first used before the context starts
			List<ProbeHandle> generated = ProviderDirectory.attach(orders);
			assertThat(generated.get(0).probe()).isSameAs(registeredBefore.probe("order__placed"));
			this.runner.withUserConfiguration(SampleConfiguration.class).run((context) -> {
				Provider registered = context.getBean(UsdtRuntime.class).provider("orders").orElseThrow();
				assertThat(generated.get(0).probe()).isSameAs(registered.probe("order__placed"));
				assertThat(generated.get(1).probe()).isSameAs(registered.probe("order__cancelled"));
			});
			// the context closed: back to the provider published before it, while that one is open
			assertThat(generated.get(0).probe()).isSameAs(registeredBefore.probe("order__placed"));
			earlier.close();
			assertThat(generated.get(0).probe()).isNotSameAs(registeredBefore.probe("order__placed"));
			assertThat(generated.get(0).shouldFire()).isFalse();
		}
	}

	@Test
	void registersDefinitionFilesTypedInterfacesAndAnnotatedMethods() {
		this.runner.withUserConfiguration(SampleConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(UsdtRuntime.class)
				.hasSingleBean(UsdtProbeRegistration.class)
				.hasSingleBean(UsdtProbeAdvisingPostProcessor.class);
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			assertThat(runtime.backend()).isEqualTo("noop");
			assertThat(runtime.providers()).extracting(Provider::name)
				.containsExactly("orders", "inventory", "app", "audit");
			assertThat(probeNames(runtime, "orders")).containsExactly("order__placed", "order__cancelled",
					"place__entry", "place__return");
			assertThat(runtime.provider("orders").orElseThrow().source()).endsWith("orders.d");
			assertThat(probeNames(runtime, "inventory")).containsExactly("stock__changed");
			assertThat(runtime.provider("inventory").orElseThrow().source()).isEqualTo(InventoryEvents.class.getName());
			assertThat(probeNames(runtime, "app")).containsExactlyInAnyOrder("ship__entry", "ship__return",
					"fail__entry", "fail__return", "placeAsync__entry", "placeAsync__return", "placeReactive__entry",
					"placeReactive__return");
			assertThat(probeNames(runtime, "audit")).containsExactlyInAnyOrder("record__entry", "record__return",
					"count__entry", "count__return");
		});
	}

	@Test
	void entryProbeTakesTheFirstSixArgumentsByType() {
		this.runner.withUserConfiguration(SampleConfiguration.class).run((context) -> {
			Probe ship = context.getBean(UsdtRuntime.class).provider("app").orElseThrow().probe("ship__entry");
			assertThat(ship.definition().signature())
				.isEqualTo("ship__entry(char *, uint8_t, uint16_t, char *, char *, int32_t)");
			assertThat(ship.definition().arguments().get(0).name()).isEqualTo("id");
			Probe shipReturn = context.getBean(UsdtRuntime.class).provider("app").orElseThrow().probe("ship__return");
			assertThat(shipReturn.definition().signature()).isEqualTo("ship__return(int64_t, char *)");
		});
	}

	@Test
	void annotatedMethodsAreAdvisedAndCallThroughWithNoopBackend() {
		this.runner.withUserConfiguration(SampleConfiguration.class).run((context) -> {
			OrderService orders = context.getBean(OrderService.class);
			assertThat(AopUtils.isAopProxy(orders)).isTrue();
			assertThat(orders.place("A-1", 1299)).isEqualTo("placed A-1");
			assertThat(orders.unprobed()).isEqualTo("plain");
			assertThat(AopUtils.isAopProxy(context.getBean(AuditService.class))).isTrue();
			assertThat(context.getBean(AuditService.class).count(41)).isEqualTo(42);
		});
	}

	@Test
	void enabledProbesFireWithEveryArgumentShapeAndKeepResults() {
		this.runner.withUserConfiguration(SampleConfiguration.class).run((context) -> {
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			runtime.providers().forEach((provider) -> provider.probes()
				.forEach((probe) -> ProbeSemaphores.overrideForTesting(probe, true)));
			OrderService orders = context.getBean(OrderService.class);
			assertThat(orders.place("A-1", 1299)).isEqualTo("placed A-1");
			assertThat(orders.shipWithOptions("A-2", true, 'x', OrderService.Region.EU, null, 3, (short) 4))
				.isEqualTo("shipped A-2 true x EU null 3 4");
			assertThat(orders.placeAsync("A-3").get()).isEqualTo("async A-3");
			assertThat(orders.placeReactive("A-4").block()).isEqualTo("reactive A-4");
			assertThatIllegalStateException().isThrownBy(() -> orders.fail("boom"))
				.withMessage("boom");
			assertThat(context.getBean(OrderEvents.class).isOrderPlacedEnabled()).isTrue();
			// the bean is the implementation usdt-core's annotation processor generated, not a proxy
			assertThat(context.getBean(OrderEvents.class).getClass().getSimpleName()).isEqualTo("OrderEvents_Usdt");
		});
	}

	@Test
	void withoutAopInfrastructureMethodsAreStillAdvisedThroughAFrozenProxy() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class,
					UsdtProviderInterfacesAutoConfiguration.class))
			.withPropertyValues("usdt.backend=noop")
			.withUserConfiguration(SampleConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OrderService service = context.getBean(OrderService.class);
				assertThat(AopUtils.isAopProxy(service)).isTrue();
				assertThat(((Advised) service).isFrozen()).isTrue();
				assertThat(context.getBean(UsdtRuntime.class).provider("app")).isPresent();
				assertThat(service.place("A-1", 1)).isEqualTo("placed A-1");
			});
	}

	@Test
	void beanProxiedByAnotherAdvisorGetsTheProbeAdviceAddedOnceAndLast() {
		this.runner.withUserConfiguration(SampleConfiguration.class, OtherAdvisorConfiguration.class)
			.run((context) -> {
				Advised service = (Advised) context.getBean(OrderService.class);
				assertThat(service.isFrozen()).isFalse();
				assertThat(service.getAdvisors()).hasSize(2);
				// innermost, as in a generated subclass: the probes fire around the method itself,
				// inside caching, @Async and transactions
				assertThat(service.getAdvisors()[1]).isInstanceOf(UsdtProbeAdvisor.class);
				assertThat(((OrderService) service).place("A-2", 2)).isEqualTo("placed A-2");
			});
	}

	@Test
	void disabledBacksOffButTypedProvidersStayInjectableAsNoOps() {
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("usdt.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(UsdtRuntime.class)
					.doesNotHaveBean(UsdtProbeRegistration.class)
					.doesNotHaveBean(UsdtProbeAdvisingPostProcessor.class);
				assertThat(AopUtils.isAopProxy(context.getBean(OrderService.class))).isFalse();
				OrderEvents events = context.getBean(OrderEvents.class);
				events.orderPlaced("A-1", 1);
				assertThat(events.isOrderPlacedEnabled()).isFalse();
			});
	}

	@Test
	void userDefinedRuntimeWins() {
		this.runner.withUserConfiguration(UserRuntimeConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(UsdtRuntime.class);
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			assertThat(runtime).isSameAs(context.getBean("myRuntime"));
			assertThat(runtime.options().maxStringBytes()).isEqualTo(17);
			assertThat(runtime.provider("orders")).isPresent();
		});
	}

	@Test
	void userRuntimeWithItsOwnProviderIsBoundToIt() {
		this.runner.withUserConfiguration(UserRuntimeWithProviderConfiguration.class, SampleConfiguration.class)
			.withPropertyValues("usdt.definitions=")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(UsdtRuntime.class).provider("orders").orElseThrow().source())
					.isEqualTo("user");
			});
	}

	@Test
	void propertiesBecomeRuntimeOptions(@TempDir Path temp) {
		this.runner
			.withPropertyValues("usdt.backend=stapsdt", "usdt.library-dir=" + temp.resolve("lib"),
					"usdt.max-string-bytes=64", "usdt.strict=false")
			.run((context) -> {
				UsdtOptions options = context.getBean(UsdtRuntime.class).options();
				assertThat(options.backend()).isEqualTo(BackendKind.STAPSDT);
				assertThat(options.libraryDirectory()).isEqualTo(temp.resolve("lib"));
				assertThat(options.maxStringBytes()).isEqualTo(64);
				assertThat(options.strict()).isFalse();
			});
	}

	@Test
	void strictFailsStartupWhenTheBackendCannotWork(@TempDir Path temp) throws Exception {
		Path target = Files.createDirectory(temp.resolve("target"));
		Path link = Files.createSymbolicLink(temp.resolve("link"), target);
		this.runner.withPropertyValues("usdt.backend=stapsdt", "usdt.library-dir=" + link, "usdt.strict=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("symbolic link"));
	}

	@Test
	void notStrictFallsBackToNoopWhenTheBackendCannotWork(@TempDir Path temp) throws Exception {
		Path target = Files.createDirectory(temp.resolve("target"));
		Path link = Files.createSymbolicLink(temp.resolve("link"), target);
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("usdt.backend=stapsdt", "usdt.library-dir=" + link)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
				assertThat(runtime.backend()).isEqualTo("noop");
				assertThat(runtime.provider("orders")).isPresent();
			});
	}

	@Test
	void providerDefaultsToTheApplicationNameAsIdentifier() {
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("spring.application.name=my-shop.v2")
			.run((context) -> assertThat(context.getBean(UsdtRuntime.class).provider("my_shop_v2")).isPresent());
	}

	@Test
	void providerPropertyWinsOverTheApplicationName() {
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("spring.application.name=my-shop", "usdt.provider=shop")
			.run((context) -> {
				assertThat(context.getBean(UsdtRuntime.class).provider("shop")).isPresent();
				assertThat(context.getBean(UsdtRuntime.class).provider("my_shop")).isEmpty();
			});
	}

	@Test
	void definitionsPropertyChoosesTheFiles() {
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("usdt.definitions=classpath:usdt/orders.d,classpath*:usdt-none/*.d")
			.run((context) -> assertThat(context.getBean(UsdtRuntime.class).provider("orders").orElseThrow().source())
				.endsWith("orders.d"));
	}

	@Test
	void brokenDefinitionFileFailsStartupWithFileLineAndColumn() {
		this.runner.withPropertyValues("usdt.definitions=classpath:usdt-fixtures/broken.d")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(DefinitionException.class)
				.hasMessageMatching("(?s).*broken\\.d:3:\\d+: error: .*"));
	}

	@Test
	void duplicateProbeAcrossSourcesFailsNamingBoth() {
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("usdt.definitions=classpath:usdt/orders.d,classpath:usdt-fixtures/duplicate.d")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(UsdtException.class)
				.hasMessageContaining("USDT probe orders:place__entry is declared twice")
				.hasMessageContaining("duplicate.d:2:")
				.hasMessageContaining(OrderService.class.getName() + "#place(String, long)"));
	}

	@Test
	void interfaceThatDoesNotMatchItsDefinitionFileFailsNamingClassAndMethod() {
		this.runner.withUserConfiguration(MismatchConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(UsdtException.class)
				.hasMessageContaining("MismatchedOrderEvents")
				.hasMessageContaining("orderPlaced(String, String)")
				.hasMessageContaining("parameter 2 is String, the probe argument is uint64_t"));
	}

	@Test
	void methodWithOverloadedProbeNameFailsNamingBothMethods() {
		this.runner.withUserConfiguration(OverloadedConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("is declared twice")
				.hasMessageContaining("Overloaded#handle(String)")
				.hasMessageContaining("Overloaded#handle(String, int)"));
	}

	@Test
	void lazyInitializationStillRegistersAtStartup() {
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.withInitializer((context) -> context
				.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> {
				assertThat(context.getBean(UsdtProbeRegistration.class).isRegistered()).isTrue();
				assertThat(context.getBean(UsdtRuntime.class).provider("orders")).isPresent();
			});
	}

	@Test
	void closingTheContextUnregistersTheProbes() {
		UsdtRuntime[] runtime = new UsdtRuntime[1];
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.run((context) -> runtime[0] = context.getBean(UsdtRuntime.class));
		assertThat(runtime[0].isClosed()).isTrue();
	}

	private static List<String> probeNames(UsdtRuntime runtime, String provider) {
		return runtime.provider(provider).orElseThrow().probes().stream().map(Probe::name).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRuntimeConfiguration {

		@Bean
		UsdtRuntime myRuntime() {
			return UsdtRuntime.create(new UsdtOptions(BackendKind.NOOP, null, false, 17));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRuntimeWithProviderConfiguration {

		@Bean
		UsdtRuntime myRuntime() {
			UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults().withBackend(BackendKind.NOOP));
			runtime.register(new ProviderDefinition("orders",
					List.of(ProbeDefinition.of("order__placed", ArgumentKind.STRING,
							ArgumentKind.UINT64), ProbeDefinition.of("order__cancelled",
									ArgumentKind.STRING),
							ProbeDefinition.of("place__entry", ArgumentKind.STRING,
									ArgumentKind.INT64),
							ProbeDefinition.of("place__return", ArgumentKind.INT64,
									ArgumentKind.STRING)),
					Map.of(), SourceLocation.of("user")));
			return runtime;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OverloadedConfiguration {

		@Bean
		Overloaded overloaded() {
			return new Overloaded();
		}

	}

	static class Overloaded {

		@UsdtProbe
		public void handle(String what) {
		}

		@UsdtProbe
		public void handle(String what, int times) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherAdvisorConfiguration {

		/** Another infrastructure advisor on the same bean: Boot's auto-proxy creator proxies it first. */
		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor otherAdvisor() {
			return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, UsdtProbe.class, true),
					(MethodInterceptor) MethodInvocation::proceed);
		}

	}

}
