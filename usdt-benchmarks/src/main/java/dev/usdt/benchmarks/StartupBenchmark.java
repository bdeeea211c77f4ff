package dev.usdt.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import dev.usdt.benchmarks.spring.BenchApplication;

/**
 * Spring context start-up (and close) with the starter active versus {@code usdt.enabled=false},
 * in a fresh JVM each time: what a service's start-up pays for the auto-configuration, the
 * {@code @UsdtProbe} scan, the ELF file and loading it, including the class loading a user sees.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StartupBenchmark {

	@Benchmark
	public void contextWithoutUsdt() {
		BenchApplication.start(false).close();
	}

	@Benchmark
	@ComparedTo("contextWithoutUsdt")
	public void contextWithUsdt() {
		BenchApplication.start(true).close();
	}

}
