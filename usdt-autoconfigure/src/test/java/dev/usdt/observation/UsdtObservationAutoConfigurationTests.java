package dev.usdt.observation;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.util.ReflectionTestUtils;

import dev.usdt.Probe;
import dev.usdt.ProbeActivation;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.actuate.UsdtEndpoint;
import dev.usdt.actuate.UsdtEndpoint.ProbeDescriptor;
import dev.usdt.actuate.UsdtEndpoint.ProviderDescriptor;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

class UsdtObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class, ObservationAutoConfiguration.class,
				UsdtObservationAutoConfiguration.class))
		.withPropertyValues("usdt.backend=noop");

	@Test
	void registersTheObservationProviderAndAddsTheHandlerToBootsObservationRegistryOnceAProbeMayBeEnabled()
			throws Exception {
		awaitGuardOff();
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservationProbes.class).hasSingleBean(UsdtObservationBridge.class);
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			assertThat(runtime.provider("observation")).containsSame(context.getBean(ObservationProbes.class).provider());
			UsdtObservationBridge bridge = context.getBean(UsdtObservationBridge.class);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			// untraced: Micrometer never asks the handler about an observation
			assertThat(bridge.hasJoined()).isFalse();
			assertThat(handlers(registry)).doesNotContain(bridge.handler());
			// a runtime without the fast guard keeps the guard on: from then on a tracer may be listening
			try (UsdtRuntime exact = guardKeptOn()) {
				assertThat(bridge.hasJoined()).isTrue();
				assertThat(handlers(registry)).containsOnlyOnce(bridge.handler());
				assertThat(List.copyOf(handlers(registry))).last().isSameAs(bridge.handler());
			}
		});
	}

	@Test
	void aBridgeOfAClosedContextNeverJoins() throws Exception {
		awaitGuardOff();
		ObservationRegistry[] registry = new ObservationRegistry[1];
		UsdtObservationBridge[] bridge = new UsdtObservationBridge[1];
		this.runner.run((context) -> {
			registry[0] = context.getBean(ObservationRegistry.class);
			bridge[0] = context.getBean(UsdtObservationBridge.class);
		});
		try (UsdtRuntime exact = guardKeptOn()) {
			assertThat(bridge[0].hasJoined()).isFalse();
			assertThat(handlers(registry[0])).isEmpty();
		}
	}

	@Test
	void probesHaveTheContractsNamesAndArguments() {
		this.runner.run((context) -> {
			assertThat(context.getBean(UsdtRuntime.class).provider("observation").orElseThrow().probes())
				.extracting(Probe::signature)
				.containsExactly(
						"observation:start(char *, char *, char *, char *, char *)",
						"observation:stop(char *, char *, int64_t, char *, char *, char *)",
						"observation:error(char *, char *, char *, char *)",
						"observation:event(char *, char *, char *)");
		});
	}

	@Test
	void providerIsListedAtTheEndpointWithOneLinersNamingTheArguments() {
		this.runner.run((context) -> {
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			ProviderDescriptor provider = new UsdtEndpoint(runtime).usdt().providers().get("observation");
			assertThat(provider.source()).isEqualTo(ObservationProbes.class.getName());
			assertThat(provider.probes()).containsOnlyKeys("start", "stop", "error", "event");
			ProbeDescriptor stop = provider.probes().get("stop");
			assertThat(stop.arguments()).containsExactly("char *", "char *", "int64_t", "char *", "char *", "char *");
			assertThat(stop.enabled()).isFalse();
			assertThat(stop.bpftrace()).isEqualTo("bpftrace -p " + runtime.pid()
					+ " -e 'usdt:*:observation:stop { printf(\"observation:stop name=%s contextual_name=%s "
					+ "duration_ns=%ld error=%s tags=%s trace_id=%s\\n\", str(arg0), str(arg1), arg2, str(arg3), "
					+ "str(arg4), str(arg5)); }'");
		});
	}

	@Test
	void providerPropertyRenamesTheProvider() {
		this.runner.withPropertyValues("usdt.observation.provider=http_obs").run((context) -> {
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			assertThat(runtime.provider("http_obs")).isPresent();
			assertThat(runtime.provider("observation")).isEmpty();
		});
	}

	@Test
	void providerNameThatIsNoIdentifierFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("usdt.observation.provider=http-obs").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("'http-obs' is not an identifier")
				.hasStackTraceContaining("(for example 'http_obs')")
				.hasStackTraceContaining("Failed to bind properties under 'usdt.observation'");
		});
	}

	@Test
	void providerNameTakenByAnotherProviderFailsStartupNamingBothSwitches() {
		this.runner.withPropertyValues("usdt.observation.provider=jvm")
			.withConfiguration(AutoConfigurations.of(dev.usdt.autoconfigure.UsdtJvmProviderAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("cannot be registered as 'jvm': a provider of that name is already registered")
					.hasStackTraceContaining("usdt.observation.provider")
					.hasStackTraceContaining("usdt.observation.enabled=false");
			});
	}

	@Test
	void applicationProviderNamedObservationFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("usdt.definitions=classpath*:observationclash/*.d").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("Provider 'observation' of")
				.hasStackTraceContaining("observation.d")
				.hasStackTraceContaining("usdt.observation.provider");
		});
	}

	@Test
	void applicationProviderNamedObservationWorksWithTheBridgeRenamed() {
		this.runner.withPropertyValues("usdt.definitions=classpath*:observationclash/*.d",
				"usdt.observation.provider=observed")
			.run((context) -> {
				UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
				assertThat(runtime.provider("observation").orElseThrow().probes()).extracting(Probe::name)
					.containsExactly("request");
				assertThat(runtime.provider("observed").orElseThrow().probes()).hasSize(4);
			});
	}

	@Test
	void observationEnabledFalseRegistersNeitherProviderNorHandler() {
		this.runner.withPropertyValues("usdt.observation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationProbes.class).doesNotHaveBean(UsdtObservationBridge.class);
			assertThat(context.getBean(UsdtRuntime.class).provider("observation")).isEmpty();
			assertThat(handlers(context.getBean(ObservationRegistry.class))).isEmpty();
		});
	}

	@Test
	void usdtEnabledFalseRegistersNoHandler() {
		this.runner.withPropertyValues("usdt.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UsdtObservationBridge.class)
				.hasSingleBean(ObservationRegistry.class));
	}

	@Test
	void withoutAnObservationRegistryNoProviderIsRegistered() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class, UsdtObservationAutoConfiguration.class))
			.withPropertyValues("usdt.backend=noop")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(UsdtObservationBridge.class);
				assertThat(context.getBean(UsdtRuntime.class).provider("observation")).isEmpty();
			});
	}

	@Test
	void withoutMicrometerObservationOnTheClassPathTheBridgeBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class, UsdtObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ObservationHandler.class))
			.withPropertyValues("usdt.backend=noop")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(UsdtObservationBridge.class));
	}

	@Test
	void lazyInitializationStillRegistersTheProviderAtStartup() {
		this.runner.withPropertyValues("spring.main.lazy-initialization=true")
			.withInitializer((context) -> context
				.addBeanFactoryPostProcessor(new org.springframework.boot.LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(context.getBean(UsdtRuntime.class).provider("observation")).isPresent());
	}

	/**
	 * A runtime without the fast guard, with a provider registered: it keeps the process-wide guard
	 * on until closed, as a tracer would.
	 */
	private static UsdtRuntime guardKeptOn() {
		UsdtRuntime exact = UsdtRuntime.create(UsdtOptions.defaults().withFastGuard(false));
		exact.register(ProviderDefinition.of("exact_guard", ProbeDefinition.of("tick")));
		return exact;
	}

	/** The process-wide guard turns off a second after the last enabled probe, e.g. of an earlier test. */
	private static void awaitGuardOff() throws InterruptedException {
		Bpftrace.await(() -> !ProbeActivation.anyMayBeEnabled(), Duration.ofSeconds(30), "fast guard off");
	}

	@SuppressWarnings("unchecked")
	private static Collection<ObservationHandler<?>> handlers(ObservationRegistry registry) {
		// ObservationConfig lists its handlers only to its own package
		return (Collection<ObservationHandler<?>>) ReflectionTestUtils.invokeMethod(registry.observationConfig(),
				"getObservationHandlers");
	}

}
