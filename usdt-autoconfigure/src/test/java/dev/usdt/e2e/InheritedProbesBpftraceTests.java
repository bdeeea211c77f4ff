package dev.usdt.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.assertj.core.api.Condition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.usdt.Probe;
import dev.usdt.Provider;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.ProbedSubclass;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;
import dev.usdt.autoconfigure.inherited.AlphaHandler;
import dev.usdt.autoconfigure.inherited.DeltaHandler;
import dev.usdt.autoconfigure.inherited.Greeter;
import dev.usdt.autoconfigure.inherited.Handler;
import dev.usdt.autoconfigure.inherited.InheritedComponentsConfiguration;
import dev.usdt.autoconfigure.inherited.InheritedConfiguration;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beans of five classes inheriting the same methods, each class with its own
 * {@code @UsdtProbe(provider = ...)}: a real bpftrace attached to every provider's entry probes
 * sees each call fire the probe of the bean it was made on, exactly once, for an inherited method,
 * an overridden generic method called through its bridge, an interface default method, beans the
 * application proxied itself (a frozen class proxy, a JDK interface proxy) and a bean proxied for
 * {@code @Async}; once with beans created by {@code @Bean} methods (proxied by the probe advice),
 * once with beans registered by class (instances of the generated subclasses).
 */
class InheritedProbesBpftraceTests {

	private static final List<String> PROVIDERS = List.of("alpha", "beta", "gamma", "delta", "epsilon");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
		.withPropertyValues("usdt.backend=stapsdt", "usdt.strict=true");

	@BeforeAll
	static void assumeTracer() {
		Bpftrace.assumeAvailable();
	}

	@ParameterizedTest
	@ValueSource(classes = { InheritedConfiguration.class, InheritedComponentsConfiguration.class })
	@SuppressWarnings("unchecked")
	void bpftraceSeesEachBeanFireItsOwnProvidersProbes(Class<?> configuration) {
		boolean components = configuration == InheritedComponentsConfiguration.class;
		this.runner.withUserConfiguration(configuration).run((context) -> {
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			for (String provider : PROVIDERS) {
				assertThat(runtime.provider(provider).orElseThrow().probes()).extracting(Probe::name)
					.contains("handle__entry", "process__entry", "greet__entry");
			}
			// @Bean methods' beans are proxied; beans registered by class are generated subclasses
			assertThat(context.getBean(AlphaHandler.class)).is(subclass(components));
			assertThat(AopUtils.isAopProxy(context.getBean(AlphaHandler.class))).isNotEqualTo(components);
			DeltaHandler deltaBean = context.getBean(DeltaHandler.class);
			assertThat(AopUtils.isAopProxy(deltaBean)).isTrue();
			assertThat(((Advised) deltaBean).getTargetSource().getTarget()).is(subclass(components));
			Handler<String> alpha = context.getBean("alpha", Handler.class);
			Handler<String> beta = context.getBean("beta", Handler.class);
			Handler<String> gamma = context.getBean("gamma", Handler.class);
			Handler<String> delta = context.getBean("delta", Handler.class);
			Greeter epsilon = context.getBean("epsilon", Greeter.class);
			try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program(runtime))) {
				Probe betaHandle = runtime.provider("beta").orElseThrow().probe("handle__entry");
				bpftrace.awaitCondition(betaHandle::isEnabled, "beta's semaphore set by bpftrace");
				assertThat(alpha.handle("a1")).isEqualTo("handled a1");
				assertThat(beta.handle("b1")).isEqualTo("handled b1");
				assertThat(alpha.process("a2")).isEqualTo("alpha processed a2");
				assertThat(beta.process("b2")).isEqualTo("beta processed b2");
				assertThat(alpha.greet("a3")).isEqualTo("hello a3");
				assertThat(beta.greet("b3")).isEqualTo("hello b3");
				gamma.handle("g1");
				gamma.process("g2");
				delta.handle("d1");
				delta.greet("d2");
				epsilon.greet("e1");
				beta.handle("b4");
				alpha.handle("a4");
				List<String> expected = List.of("alpha:handle__entry a1", "beta:handle__entry b1",
						"alpha:process__entry a2", "beta:process__entry b2", "alpha:greet__entry a3",
						"beta:greet__entry b3", "gamma:handle__entry g1", "gamma:process__entry g2",
						"delta:handle__entry d1", "delta:greet__entry d2", "epsilon:greet__entry e1",
						"beta:handle__entry b4",
						"alpha:handle__entry a4");
				bpftrace.awaitLines(expected.size(), Duration.ofSeconds(30));
				List<String> lines = bpftrace.stop();
				assertThat(lines).as(bpftrace.transcript()).containsExactlyElementsOf(expected);
			}
		});
	}

	private static Condition<Object> subclass(boolean expected) {
		return new Condition<>((bean) -> (bean instanceof ProbedSubclass) == expected,
				(expected ? "" : "not ") + "a generated subclass");
	}

	/** Prints every entry probe of the four providers, read from each provider's own library. */
	private static String program(UsdtRuntime runtime) {
		return PROVIDERS.stream()
			.map((name) -> runtime.provider(name).orElseThrow())
			.flatMap((provider) -> provider.probes()
				.stream()
				.filter((probe) -> probe.name().endsWith("__entry"))
				.map((probe) -> clause(provider, probe)))
			.collect(Collectors.joining(" "));
	}

	private static String clause(Provider provider, Probe probe) {
		Path library = provider.library().orElseThrow();
		String name = provider.name() + ":" + probe.name();
		return "usdt:" + library + ":" + name + " { printf(\"" + name + " %s\\n\", str(arg0)); }";
	}

}
