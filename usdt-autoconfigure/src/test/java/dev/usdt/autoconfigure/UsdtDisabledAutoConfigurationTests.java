package dev.usdt.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.usdt.Probe;
import dev.usdt.ProbeHandle;
import dev.usdt.Provider;
import dev.usdt.ProviderDirectory;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.sample.SampleConfiguration;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code usdt.enabled=false} reaches code generated from {@code .d} files too. One scenario in
 * order, since switching the default runtime off lasts for the JVM.
 */
class UsdtDisabledAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(UsdtAutoConfiguration.class, UsdtDisabledAutoConfiguration.class,
					UsdtProviderInterfacesAutoConfiguration.class));

	@Test
	void switchedOffGeneratedClassesFireNothingUntilAnEnabledContextPublishesTheirProvider() {
		// what a generated TypedOffEarlyProbes does when first used before the context starts: a
		// real registration with the default runtime, its library mapped
		List<ProbeHandle> early = ProviderDirectory.attach(ProviderDefinition.of("typed_off_early",
				ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.INT64)));
		Probe registeredByDefault = early.get(0).probe();
		assertThat(registeredByDefault.provider()).isEqualTo("typed_off_early");
		assertThat(mappedLibrariesOf("typed_off_early")).isNotEmpty();
		ProviderDefinition orders = ProviderDefinition.of("orders",
				ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.UINT64),
				ProbeDefinition.of("order__cancelled", ArgumentKind.STRING));
		List<ProbeHandle> generated = new ArrayList<>();
		this.runner.withPropertyValues("usdt.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(UsdtRuntime.class);
			// the earlier registration was unregistered: its handles fire nothing (its library stays
			// mapped until exit, as every unregistered provider's does)
			assertThat(early.get(0).probe().provider()).isEqualTo("unbound");
			// what generated classes do when first used while USDT is off: the no-op probe, no library
			List<ProbeHandle> late = ProviderDirectory.attach(ProviderDefinition.of("typed_off_late",
					ProbeDefinition.of("queue__depth", ArgumentKind.INT32)));
			assertThat(late.get(0).probe().provider()).isEqualTo("unbound");
			assertThat(late.get(0).shouldFire()).isFalse();
			assertThat(mappedLibrariesOf("typed_off_late")).isEmpty();
			generated.addAll(ProviderDirectory.attach(orders));
			assertThat(generated.get(0).probe().provider()).isEqualTo("unbound");
		});
		// a later context with USDT on publishes 'orders' from usdt/orders.d: generated code fires it
		this.runner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("usdt.backend=noop")
			.run((context) -> {
				Provider registered = context.getBean(UsdtRuntime.class).provider("orders").orElseThrow();
				assertThat(generated.get(0).probe()).isSameAs(registered.probe("order__placed"));
				assertThat(generated.get(1).probe()).isSameAs(registered.probe("order__cancelled"));
			});
		assertThat(generated.get(0).probe().provider()).isEqualTo("unbound");
	}

	/** Lines of this process's memory map that name a probe library of {@code provider}. */
	private static List<String> mappedLibrariesOf(String provider) {
		try {
			return Files.readAllLines(Path.of("/proc/self/maps"))
				.stream()
				.filter((line) -> line.contains("/usdt-" + provider + "-"))
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
