package dev.usdt.benchmarks;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark of this module with {@code -prof gc} and prints one table: the score,
 * the ratio to each baseline named by {@link ComparedTo}, the allocation per operation, and then
 * whether each target of issues 3, 5, 7, 9 and 17 is met. {@code --short} (the default) fits the whole
 * suite in about 7 minutes on 2 cores; {@code --full} uses more forks and iterations.
 *
 * <pre>
 * java -cp usdt-benchmarks/target/benchmarks.jar dev.usdt.benchmarks.Suite [--short|--full] [--table FILE]
 * </pre>
 */
public final class Suite {

	private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

	/** JMH's own bookkeeping shows up as a few thousandths of a byte per op; below this is "nothing". */
	private static final double NO_ALLOCATION = 0.5;

	private final Map<String, RunResult> results = new LinkedHashMap<>();

	private Suite() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		boolean full = List.of(args).contains("--full");
		int table = List.of(args).indexOf("--table");
		Suite suite = new Suite();
		// Sub-nanosecond rows differ by a cycle or two: a second fork makes the error bars usable
		suite.run(DisabledProbeBenchmark.class, (options) -> timed(options, full).forks(full ? 5 : 2));
		suite.run(TypedProbesBenchmark.class, (options) -> timed(options, full).forks(full ? 5 : 2));
		suite.run(EnabledProbeBenchmark.class, (options) -> timed(options, full));
		suite.run(AdviceBenchmark.class, (options) -> timed(options, full));
		suite.run(ObservationBenchmark.class, (options) -> timed(options, full).forks(full ? 5 : 2));
		suite.run(StartupBenchmark.class, (options) -> options.forks(full ? 10 : 5));
		suite.run(RegistrationBenchmark.class, (options) -> options.forks(full ? 3 : 1)
			.warmupIterations(full ? 20 : 10)
			.measurementIterations(full ? 50 : 20));
		suite.run(ParserBenchmark.class, (options) -> timed(options, full).warmupIterations(full ? 5 : 2)
			.measurementIterations(full ? 10 : 5));
		StringBuilder text = new StringBuilder();
		suite.printTable(text);
		suite.printTargets(text);
		System.out.println();
		System.out.print(text);
		if (table >= 0 && table + 1 < args.length) {
			Files.writeString(Path.of(args[table + 1]), text, StandardCharsets.UTF_8);
		}
	}

	private static ChainedOptionsBuilder timed(ChainedOptionsBuilder options, boolean full) {
		return options.forks(full ? 3 : 1)
			.warmupIterations(full ? 5 : 3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(full ? 10 : 4)
			.measurementTime(TimeValue.seconds(1));
	}

	private void run(Class<?> benchmark, UnaryOperator<ChainedOptionsBuilder> settings) throws RunnerException {
		ChainedOptionsBuilder options = new OptionsBuilder().include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
			.addProfiler(GCProfiler.class)
			.jvmArgsAppend(NATIVE_ACCESS)
			.shouldFailOnError(true);
		Collection<RunResult> runs = new Runner(settings.apply(options).build()).run();
		for (RunResult run : runs) {
			this.results.put(key(run), run);
		}
	}

	/** {@code Class.method} plus {@code [param=value]} for parameterised benchmarks. */
	private static String key(RunResult run) {
		String name = run.getParams().getBenchmark();
		String label = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
		StringBuilder key = new StringBuilder(label);
		for (String param : run.getParams().getParamsKeys()) {
			key.append(" [").append(param).append('=').append(run.getParams().getParam(param)).append(']');
		}
		return key.toString();
	}

	private void printTable(StringBuilder out) {
		out.append(String.format(Locale.ROOT, "| %-58s | %-18s | %-48s | %9s |%n", "benchmark", "score ± error",
				"ratio to baseline", "B/op"));
		out.append("|").append("-".repeat(60)).append("|").append("-".repeat(20)).append("|")
			.append("-".repeat(50)).append("|").append("-".repeat(11)).append("|\n");
		this.results.forEach((key, run) -> {
			Result<?> primary = run.getPrimaryResult();
			out.append(String.format(Locale.ROOT, "| %-58s | %-18s | %-48s | %9s |%n", key,
					format(primary.getScore()) + " ± " + format(primary.getScoreError()) + " "
							+ shortUnit(primary.getScoreUnit()),
					ratios(key, run), allocation(run)));
		});
	}

	private String ratios(String key, RunResult run) {
		List<String> ratios = new ArrayList<>();
		String className = key.substring(0, key.indexOf('.'));
		for (String baseline : baselines(run)) {
			RunResult base = this.results.get(className + "." + baseline);
			if (base != null) {
				ratios.add(String.format(Locale.ROOT, "%.2f× %s", ratio(run, base), baseline));
			}
		}
		return ratios.isEmpty() ? "(baseline)" : String.join(", ", ratios);
	}

	private static double ratio(RunResult run, RunResult base) {
		return run.getPrimaryResult().getScore() / base.getPrimaryResult().getScore();
	}

	private static List<String> baselines(RunResult run) {
		String name = run.getParams().getBenchmark();
		try {
			Class<?> type = Class.forName(name.substring(0, name.lastIndexOf('.')));
			String methodName = name.substring(name.lastIndexOf('.') + 1);
			for (Method method : type.getMethods()) {
				ComparedTo comparedTo = method.getAnnotation(ComparedTo.class);
				if (method.getName().equals(methodName) && comparedTo != null) {
					return List.of(comparedTo.value());
				}
			}
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("Benchmark class of " + name + " is not on the class path", ex);
		}
		return List.of();
	}

	private static double bytesPerOp(RunResult run) {
		for (Map.Entry<String, Result> secondary : run.getSecondaryResults().entrySet()) {
			if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
				return secondary.getValue().getScore();
			}
		}
		return Double.NaN;
	}

	private static String allocation(RunResult run) {
		double bytes = bytesPerOp(run);
		if (Double.isNaN(bytes)) {
			return "n/a";
		}
		return (bytes < 100_000) ? String.format(Locale.ROOT, "%.3f", bytes)
				: String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
	}

	private static String format(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, (value < 10) ? "%.3f" : (value < 1000) ? "%.1f" : "%.0f", value);
	}

	private static String shortUnit(String unit) {
		return unit.replace("/op", "");
	}

	private void printTargets(StringBuilder out) {
		out.append("\nTargets (issues 3, 5, 7, 9, 17):\n");
		String disabled = "DisabledProbeBenchmark.";
		String enabled = "EnabledProbeBenchmark.";
		// Probes held in an instance field, then in a static final field (the way a logger or a JFR
		// event type is held: the JIT then folds the argument-shape check too), then exact mode
		for (String probe : List.of("isEnabled", "fireTwoLongs", "fireStringLong", "fireLazy", "isEnabledStaticFinal",
				"fireTwoLongsStaticFinal", "fireStringLongStaticFinal", "fireTwoLongsExact", "fireStringLongExact")) {
			atMost(out, disabled + probe, 2.0, "ns/op");
			noAllocation(out, disabled + probe);
			relative(out, disabled + probe, disabled + "jfrEventDisabled", 1.5);
		}
		atMost(out, enabled + "fireSixLongs", 100.0, "ns/op");
		atMost(out, enabled + "fireStrings32", 200.0, "ns/op");
		relative(out, enabled + "fireStrings32", enabled + "jnaDirectStrings32", 0.10);
		relative(out, enabled + "fireStrings512", enabled + "jnaDirectStrings512", 0.10);
		String advice = "AdviceBenchmark.";
		added(out, advice + "probedBeanDisabled", advice + "plainBean", 25.0);
		atMost(out, advice + "probedBeanEnabled", 500.0, "ns/op");
		String observation = "ObservationBenchmark.";
		out.append("Issue 17 (the Observation bridge untraced):\n");
		added(out, observation + "bootDefaultsWithBridge", observation + "bootDefaults", 2.0);
		added(out, observation + "idleHandlerWithBridge", observation + "idleHandler", 2.0);
		sameAllocation(out, observation + "idleHandlerWithBridge", observation + "idleHandlerWithDecliningHandler");
		out.append("Issue 9 (zero-cost disabled probes, through the fast guard):\n");
		for (String probe : List.of("fireTwoLongs", "fireStringLong", "fireTwoLongsAfterTracing",
				"fireTwoLongsStaticFinal", "fireStringLongStaticFinal")) {
			relative(out, disabled + probe, disabled + "emptyMethod", 1.1);
			relative(out, disabled + probe, disabled + "jfrEventDisabled", 1.1);
			noAllocation(out, disabled + probe);
		}
		added(out, advice + "probedBeanDisabled", advice + "noopAdvisedBean", 1.0);
		out.append("The traced ratio (Java/C under bpftrace) is measured by run-benchmarks.sh (root, bpftrace).\n");
	}

	private void atMost(StringBuilder out, String key, double limit, String unit) {
		RunResult run = this.results.get(key);
		if (run != null) {
			double score = run.getPrimaryResult().getScore();
			verdict(out, score <= limit, String.format(Locale.ROOT, "%s = %s %s, target <= %s %s", key, format(score),
					unit, format(limit), unit));
		}
	}

	private void added(StringBuilder out, String key, String baseline, double limit) {
		RunResult run = this.results.get(key);
		RunResult base = this.results.get(baseline);
		if (run != null && base != null) {
			double added = run.getPrimaryResult().getScore() - base.getPrimaryResult().getScore();
			verdict(out, added <= limit, String.format(Locale.ROOT, "%s adds %s ns/op over %s, target <= +%s ns/op",
					key, format(added), baseline.substring(baseline.indexOf('.') + 1), format(limit)));
		}
	}

	private void noAllocation(StringBuilder out, String key) {
		RunResult run = this.results.get(key);
		if (run != null) {
			double bytes = bytesPerOp(run);
			verdict(out, bytes < NO_ALLOCATION,
					String.format(Locale.ROOT, "%s allocates %.3f B/op, target 0 B/op", key, bytes));
		}
	}

	/** Allocates no more than {@code baseline} does: what it adds beyond the baseline's own bytes is nothing. */
	private void sameAllocation(StringBuilder out, String key, String baseline) {
		RunResult run = this.results.get(key);
		RunResult base = this.results.get(baseline);
		if (run != null && base != null) {
			double added = bytesPerOp(run) - bytesPerOp(base);
			verdict(out, added < NO_ALLOCATION, String.format(Locale.ROOT, "%s allocates %.3f B/op beyond %s, target 0 B/op",
					key, added, baseline.substring(baseline.indexOf('.') + 1)));
		}
	}

	private void relative(StringBuilder out, String key, String baseline, double limit) {
		RunResult run = this.results.get(key);
		RunResult base = this.results.get(baseline);
		if (run != null && base != null) {
			double ratio = ratio(run, base);
			verdict(out, ratio <= limit, String.format(Locale.ROOT, "%s = %.2f× %s, target <= %.2f×", key, ratio,
					baseline.substring(baseline.indexOf('.') + 1), limit));
		}
	}

	private static void verdict(StringBuilder out, boolean met, String text) {
		out.append(met ? "  met      " : "  NOT MET  ").append(text).append('\n');
	}

}
