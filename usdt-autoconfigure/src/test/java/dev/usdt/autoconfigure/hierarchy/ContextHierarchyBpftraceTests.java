package dev.usdt.autoconfigure.hierarchy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.usdt.Probe;
import dev.usdt.ProbeHandle;
import dev.usdt.Provider;
import dev.usdt.ProviderDirectory;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.ProbeDeclarationException;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parent and a child context (SpringApplicationBuilder.child): each registers the probes of its
 * own beans, into the one runtime the child inherits, and a real bpftrace sees the child's.
 */
class ContextHierarchyBpftraceTests {

	private final ApplicationContextRunner parent = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class))
		.withPropertyValues("usdt.backend=stapsdt", "usdt.strict=true");

	@BeforeAll
	static void assumeTracer() {
		Bpftrace.assumeAvailable();
	}

	@Test
	void theChildRegistersTheProbesOfItsOwnBeansIntoTheParentsRuntime() {
		this.parent.withUserConfiguration(Vault.class).run((parentContext) -> {
			UsdtRuntime runtime = parentContext.getBean(UsdtRuntime.class);
			childOf(parentContext).withUserConfiguration(Counter.class)
				.run((child) -> {
					assertThat(child).hasNotFailed();
					assertThat(child.getBean(UsdtRuntime.class)).isSameAs(runtime);
					Provider counter = runtime.provider("counter").orElseThrow();
					assertThat(runtime.provider("vault")).isPresent();
					Probe entry = counter.probe("serve__entry");
					try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(),
							"usdt:" + counter.library().orElseThrow() + ":counter:serve__entry { printf(\"%s\\n\", str(arg0)); }")) {
						bpftrace.awaitCondition(entry::isEnabled, "the semaphore set by bpftrace");
						assertThat(child.getBean(Counter.class).serve("ada")).isEqualTo("ada served");
						bpftrace.awaitLines(1, Duration.ofSeconds(30));
						assertThat(bpftrace.stop()).as(bpftrace.transcript()).containsExactly("ada");
					}
				});
		});
	}

	@Test
	void aChildClosingLeavesTheParentsProviderToTheCodeGeneratedFromIt() {
		this.parent.withUserConfiguration(Vault.class).run((parentContext) -> {
			Provider vault = parentContext.getBean(UsdtRuntime.class).provider("vault").orElseThrow();
			// what a class generated from a .d file declaring 'vault' does when first used
			List<ProbeHandle> generated = ProviderDirectory.attach(vault.definition());
			assertThat(generated.get(0).probe()).isSameAs(vault.probe("open__entry"));
			// the child's own bean declares the same probes: it binds to the parent's provider
			childOf(parentContext).withUserConfiguration(SameVault.class)
				.run((child) -> assertThat(child).hasNotFailed());
			assertThat(generated.get(0).probe()).isSameAs(vault.probe("open__entry"));
			assertThat(vault.isClosed()).isFalse();
		});
	}

	/** A child bean whose probes are the parent's own. */
	public static class SameVault {

		@dev.usdt.UsdtProbe(provider = "vault")
		public String open(String door) {
			return door;
		}

	}

	@Test
	void aClosedChildsProvidersAreUnregisteredSoALaterChildMayDeclareTheNameOtherwise() {
		this.parent.withUserConfiguration(Vault.class).run((parentContext) -> {
			UsdtRuntime runtime = parentContext.getBean(UsdtRuntime.class);
			try (AnnotationConfigApplicationContext first = child(parentContext, Counter.class)) {
				assertThat(runtime.provider("counter")).isPresent();
			}
			assertThat(runtime.provider("counter")).isEmpty();
			assertThat(runtime.provider("vault")).isPresent();
			try (AnnotationConfigApplicationContext second = child(parentContext, OtherCounter.class)) {
				assertThat(runtime.provider("counter").orElseThrow().probe("tally__entry")).isNotNull();
			}
		});
	}

	@Test
	void aProviderOneChildRegisteredStaysWhileASiblingStillUsesIt() {
		this.parent.withUserConfiguration(Vault.class).run((parentContext) -> {
			UsdtRuntime runtime = parentContext.getBean(UsdtRuntime.class);
			AnnotationConfigApplicationContext first = child(parentContext, Counter.class);
			AnnotationConfigApplicationContext sibling = child(parentContext, Counter.class);
			Provider counter = runtime.provider("counter").orElseThrow();
			List<ProbeHandle> generated = ProviderDirectory.attach(counter.definition());
			first.close();
			assertThat(runtime.provider("counter")).containsSame(counter);
			assertThat(counter.isClosed()).isFalse();
			assertThat(generated.get(0).probe()).isSameAs(counter.probe("serve__entry"));
			sibling.close();
			assertThat(runtime.provider("counter")).isEmpty();
			assertThat(counter.isClosed()).isTrue();
		});
	}

	/** Child contexts of {@code parent} with the starter, made and closed by the runner. */
	private static ApplicationContextRunner childOf(ApplicationContext parent) {
		return new ApplicationContextRunner().withParent(parent)
			.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class));
	}

	/** A started child context of {@code parent} with the starter and {@code beans}, closed by the test. */
	private static AnnotationConfigApplicationContext child(ApplicationContext parent, Class<?>... beans) {
		AnnotationConfigApplicationContext child = new AnnotationConfigApplicationContext();
		child.setParent(parent);
		child.register(StarterConfiguration.class);
		child.register(beans);
		child.refresh();
		return child;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(UsdtAutoConfiguration.class)
	static class StarterConfiguration {

	}

	/** A child bean declaring the provider 'counter' with other probes than {@link Counter}. */
	public static class OtherCounter {

		@dev.usdt.UsdtProbe(provider = "counter")
		public long tally(long items) {
			return items;
		}

	}

	@Test
	void aChildProviderThatClashesWithTheParentsFailsNamingTheFix() {
		this.parent.withUserConfiguration(Vault.class).run((parentContext) -> childOf(parentContext)
			.withUserConfiguration(ClashingCounter.class)
			.run((child) -> assertThat(child).getFailure()
				.isInstanceOf(ProbeDeclarationException.class)
				.hasMessageContaining("Provider 'vault'")
				.hasMessageContaining("already registered")
				.satisfies((failure) -> assertThat(((ProbeDeclarationException) failure).getAction())
					.contains("in a context hierarchy"))));
	}

	/** A child bean whose probes name the parent's provider. */
	public static class ClashingCounter {

		@dev.usdt.UsdtProbe(provider = "vault")
		public String count(long items) {
			return items + " counted";
		}

	}

}
