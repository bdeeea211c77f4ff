package dev.usdt.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.usdt.ProbeSemaphores;
import dev.usdt.Provider;
import dev.usdt.UsdtRuntime;
import dev.usdt.jvm.JvmProbe;
import dev.usdt.jvm.JvmProbeNaming;
import dev.usdt.jvm.JvmProvider;

import static org.assertj.core.api.Assertions.assertThat;

class UsdtJvmProviderAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class, UsdtJvmProviderAutoConfiguration.class))
		.withPropertyValues("usdt.backend=noop");

	@Test
	void registersTheJvmProviderBesideTheApplicationsProviders() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JvmProvider.class);
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			assertThat(runtime.providers()).extracting(Provider::name).contains("jvm", "orders");
			assertThat(runtime.provider("jvm")).containsSame(context.getBean(JvmProvider.class).provider());
		});
	}

	@Test
	void applicationProviderNamedJvmFailsStartupNamingTheSwitch() {
		this.runner.withPropertyValues("usdt.definitions=classpath*:jvmclash/*.d").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("Provider 'jvm' of")
				.hasStackTraceContaining("jvm.d")
				.hasStackTraceContaining("is already registered from dev.usdt.jvm.JvmProvider (the built-in JVM provider)")
				.hasStackTraceContaining("usdt.jvm.enabled=false");
		});
	}

	@Test
	void applicationProviderNamedJvmWorksWithTheJvmProviderOff() {
		this.runner.withPropertyValues("usdt.definitions=classpath*:jvmclash/*.d", "usdt.jvm.enabled=false")
			.run((context) -> assertThat(context.getBean(UsdtRuntime.class).provider("jvm")).get()
				.satisfies((jvm) -> assertThat(jvm.probes()).extracting(dev.usdt.Probe::name).containsExactly("request")));
	}

	@Test
	void jvmEnabledFalseRegistersNoJvmProvider() {
		this.runner.withPropertyValues("usdt.jvm.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(JvmProvider.class);
			assertThat(context.getBean(UsdtRuntime.class).provider("jvm")).isEmpty();
		});
	}

	@Test
	void usdtEnabledFalseRegistersNoJvmProvider() {
		this.runner.withPropertyValues("usdt.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UsdtRuntime.class).doesNotHaveBean(JvmProvider.class));
	}

	@Test
	void hotspotNamingIsUsedOnlyWhenTheRunningLibjvmHasNoProbesOfItsOwn() {
		this.runner.withPropertyValues("usdt.jvm.naming=hotspot").run((context) -> {
			JvmProvider jvm = context.getBean(JvmProvider.class);
			String expected = JvmProvider.isHotSpotNamingOffered() ? "hotspot" : "jvm";
			assertThat(jvm.provider().name()).isEqualTo(expected);
			assertThat(context.getBean(UsdtRuntime.class).provider(expected)).isPresent();
		});
	}

	@Test
	void userDefinedJvmProviderBacksOff() {
		this.runner.withUserConfiguration(UserJvmProviderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JvmProvider.class).hasBean("myJvmProvider");
			assertThat(context.getBean(JvmProvider.class).naming()).isEqualTo(JvmProbeNaming.JVM);
		});
	}

	@Test
	void lazyInitializationStillRegistersTheProviderAtStartup() {
		this.runner
			.withInitializer((context) -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(context.getBean(UsdtRuntime.class).provider("jvm")).isPresent());
	}

	@Test
	void closingTheContextStopsTheJfrStream(@TempDir Path temp) throws InterruptedException {
		JvmProvider[] jvm = new JvmProvider[1];
		this.runner.withPropertyValues("usdt.backend=stapsdt", "usdt.library-dir=" + temp.resolve("lib"))
			.run((context) -> {
				jvm[0] = context.getBean(JvmProvider.class);
				ProbeSemaphores.overrideForTesting(jvm[0].probe(JvmProbe.GC_END), true);
				awaitRecording(jvm[0], true);
			});
		awaitRecording(jvm[0], false);
	}

	private static void awaitRecording(JvmProvider jvm, boolean recording) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (jvm.isRecording() != recording) {
			assertThat(System.nanoTime()).as("JvmProvider recording=" + recording).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserJvmProviderConfiguration {

		@Bean(destroyMethod = "close")
		JvmProvider myJvmProvider(UsdtRuntime runtime) {
			return JvmProvider.install(runtime);
		}

	}

}
