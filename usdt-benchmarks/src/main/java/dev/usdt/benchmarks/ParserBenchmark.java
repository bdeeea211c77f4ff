package dev.usdt.benchmarks;

import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.ProviderParser;

/**
 * Parsing a large {@code .d} file (10,000 probes, mixed types) with full validation: a service
 * that ships big providers in its jars pays this at every start-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1)
public class ParserBenchmark {

	private static final String[] SIGNATURES = { "()", "(int)", "(char *, uint64_t)", "(const char *, int, long)",
			"(int8_t, uint16_t, int32_t, uint64_t, char *, uintptr_t)" };

	private String text;

	@Setup(Level.Trial)
	public void generate() {
		StringBuilder text = new StringBuilder("/* 10,000 generated probes */\nprovider big {\n");
		for (int i = 0; i < 10_000; i++) {
			text.append("\tprobe event__").append(i).append(SIGNATURES[i % SIGNATURES.length]).append(";\n");
		}
		this.text = text.append("};\n").toString();
	}

	@Benchmark
	public DefinitionFile parse10000Probes() {
		return ProviderParser.parse("big.d", this.text);
	}

}
