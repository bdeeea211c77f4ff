package dev.usdt.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ConfigurableApplicationContext;

import dev.usdt.Probe;
import dev.usdt.ProbeSemaphores;
import dev.usdt.UsdtRuntime;
import dev.usdt.benchmarks.spring.BenchApplication;
import dev.usdt.benchmarks.spring.NoopAdvisedWorkService;
import dev.usdt.benchmarks.spring.ProbedWorkService;
import dev.usdt.benchmarks.spring.WorkService;

/**
 * What {@code @UsdtProbe} adds to a Spring bean method (issue 5): the same two-String method
 * called on the plain bean, on the annotated bean with its probes disabled and enabled, both as
 * a proxy and as the subclass usdt-core's processor generated (docs/probed-subclasses.md)
 * (semaphores forced, no tracer), and wrapped in a Micrometer {@code Observation} on
 * {@code ObservationRegistry.create()}: a registry with no handlers, what a service has before it
 * configures any, and the lightest observation a user would write by hand.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AdviceBenchmark {

	private String customer = "customer-000000000000000000000001";

	private String order = "order-00000000000000000000000042";

	@Benchmark
	public int plainBean(App app) {
		return app.plain.work(this.customer, this.order);
	}

	@Benchmark
	public int observedPlainBean(App app) {
		return Observation.createNotStarted("work", app.observations)
			.observe(() -> app.plain.work(this.customer, this.order));
	}

	/** Spring AOP's own price: a CGLIB proxy whose only advice proceeds. */
	@Benchmark
	@ComparedTo("plainBean")
	public int noopAdvisedBean(App app) {
		return app.noopAdvised.work(this.customer, this.order);
	}

	@Benchmark
	@ComparedTo({ "plainBean", "noopAdvisedBean", "observedPlainBean" })
	public int probedBeanDisabled(App app) {
		return app.probed.work(this.customer, this.order);
	}

	@Benchmark
	@ComparedTo({ "plainBean", "noopAdvisedBean", "observedPlainBean" })
	public int probedBeanEnabled(EnabledApp app) {
		return app.probed.work(this.customer, this.order);
	}

	@Benchmark
	@ComparedTo({ "plainBean", "probedBeanDisabled" })
	public int probedSubclassDisabled(App app) {
		return app.subclass.work(this.customer, this.order);
	}

	@Benchmark
	@ComparedTo({ "plainBean", "probedBeanEnabled" })
	public int probedSubclassEnabled(EnabledApp app) {
		return app.subclass.work(this.customer, this.order);
	}

	/** The application with every probe disabled. */
	@State(Scope.Benchmark)
	public static class App {

		ConfigurableApplicationContext context;

		WorkService plain;

		ProbedWorkService probed;

		ProbedWorkService subclass;

		NoopAdvisedWorkService noopAdvised;

		ObservationRegistry observations = ObservationRegistry.create();

		@Setup(Level.Trial)
		public void start() {
			this.context = BenchApplication.start(true);
			this.plain = this.context.getBean("plainWorkService", WorkService.class);
			this.probed = this.context.getBean("probedWorkService", ProbedWorkService.class);
			this.subclass = this.context.getBean(ProbedWorkService.class.getName(), ProbedWorkService.class);
			if (AopUtils.isAopProxy(this.subclass) || !AopUtils.isAopProxy(this.probed)) {
				throw new IllegalStateException("expected one proxied and one generated-subclass bean");
			}
			this.noopAdvised = this.context.getBean(NoopAdvisedWorkService.class);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.context.close();
		}

	}

	/** The application with {@code work__entry} and {@code work__return} forced on. */
	@State(Scope.Benchmark)
	public static class EnabledApp extends App {

		@Override
		@Setup(Level.Trial)
		public void start() {
			super.start();
			UsdtRuntime runtime = this.context.getBean(UsdtRuntime.class);
			for (Probe probe : runtime.provider(BenchApplication.PROVIDER).orElseThrow().probes()) {
				ProbeSemaphores.overrideForTesting(probe, true);
			}
		}

	}

}
