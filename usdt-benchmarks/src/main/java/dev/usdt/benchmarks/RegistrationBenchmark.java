package dev.usdt.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.usdt.Provider;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * What registering a provider costs at start-up: writing the ELF file, creating it atomically in
 * the private directory, and loading it. Every invocation registers a provider of a new name, so
 * each one writes and loads a new file instead of finding the previous one. Single shots, because
 * the runtime never unmaps a library and a timed loop would map thousands of them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 30)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RegistrationBenchmark {

	@Param({ "1", "100", "1000" })
	private int probes;

	private int generation;

	private UsdtRuntime runtime;

	private ProviderDefinition definition;

	@Setup(Level.Invocation)
	public void prepare() {
		this.runtime = BenchRuntime.create(UsdtOptions.DEFAULT_MAX_STRING_BYTES);
		List<ProbeDefinition> definitions = new ArrayList<>(this.probes);
		for (int i = 0; i < this.probes; i++) {
			definitions.add(ProbeDefinition.of("probe__" + i, ArgumentKind.STRING, ArgumentKind.INT64));
		}
		String name = "reg_" + ProcessHandle.current().pid() + "_" + this.generation++;
		this.definition = ProviderDefinition.of(name, definitions.toArray(ProbeDefinition[]::new));
	}

	@TearDown(Level.Invocation)
	public void close() {
		this.runtime.close();
	}

	@Benchmark
	public Provider register() {
		return this.runtime.register(this.definition);
	}

}
