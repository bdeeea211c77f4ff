package dev.usdt.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifecycle under fire: a Spring application with the real stapsdt backend is refreshed and
 * closed {@value ContextLifecycleUnderFire#BLOCK} times while four threads fire the probes of the
 * live context and of closed ones, with bpftrace attached by library path for 15 of the cycles
 * when it can run here (see {@link ContextLifecycleUnderFire}). A crash in native code would kill
 * this JVM and fail the build. {@code -Dusdt.soak.minutes=N} (or {@code scripts/soak-spring.sh})
 * repeats the blocks for N minutes.
 */
class ContextLifecycleUnderFireTests {

	@TempDir
	Path temp;

	@Test
	void refreshAndCloseWhileFiringLeaksNoMappingsDescriptorsThreadsOrFiles() throws Exception {
		Path libraries = this.temp.resolve("lib");
		Duration duration = Duration.ofMinutes(Long.getLong("usdt.soak.minutes", 0));
		ContextLifecycleUnderFire.Result result = new ContextLifecycleUnderFire(libraries, Bpftrace.isAvailable())
			.run(duration);
		System.out.println(result.report());
		assertThat(result.firstError()).as("first exception in a firing thread").isNull();
		assertThat(result.errors()).isZero();
		assertThat(result.cycles()).isGreaterThanOrEqualTo(ContextLifecycleUnderFire.BLOCK);
		assertThat(result.fired()).isPositive();
		ProcessResources baseline = result.baseline();
		assertThat(result.lastTen()).allSatisfy((figures) -> {
			assertThat(figures.libraryMappings()).as("mappings of the library directory")
				.isEqualTo(baseline.libraryMappings());
			assertThat(figures.libraryFiles()).as("files in the library directory").isEqualTo(baseline.libraryFiles());
			// Never more than at the baseline: the JVM may close jar handles it held then
			assertThat(figures.fileDescriptors()).as("open file descriptors")
				.isLessThanOrEqualTo(baseline.fileDescriptors());
			// No thread name more often than at the baseline (threads of other tests may still end)
			assertThat(counts(figures.threadNames())).as("live threads").allSatisfy((name, count) -> assertThat(count)
				.as(name).isLessThanOrEqualTo(counts(baseline.threadNames()).getOrDefault(name, 0L)));
		});
		// The JVM maps and unmaps on its own (code cache and metaspace commits, GC regions, malloc
		// arenas, compiler threads): quiet cycles swing by up to ~20 lines either way. The library
		// mappings above are exact; for all mappings, a leak of one per cycle would move the
		// median of the last ten cycles up by some 35 lines, hence a slack of 16.
		assertThat(median(result.lastTen().stream().mapToLong(ProcessResources::mappings).toArray()))
			.as("median of all mappings in the last ten cycles")
			.isLessThanOrEqualTo(baseline.mappings() + 16);
		if (Bpftrace.isAvailable()) {
			assertThat(result.attaches()).isPositive();
			assertThat(result.traced()).isPositive();
		}
	}

	private static Map<String, Long> counts(Collection<String> names) {
		return names.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
