package dev.usdt.benchmarks;

import java.nio.file.Path;
import java.util.Map;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;

import dev.usdt.Provider;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

/**
 * The provider every benchmark fires: registered for real with the stapsdt backend in strict mode,
 * so a benchmark never silently measures no-op probes.
 */
final class BenchRuntime {

	/** {@code RTLD_NOW | RTLD_LOCAL}, as the runtime opens libraries on its JNA path (docs/stapsdt-elf.md §8.1). */
	private static final int RTLD_NOW_LOCAL = 2;

	/** The {@code bench} provider the benchmarks fire. */
	static final ProviderDefinition BENCH = provider("bench");

	private BenchRuntime() {
	}

	/**
	 * Probes {@code zero()}, {@code two(int64_t, int64_t)}, {@code six(6 x int64_t)},
	 * {@code str(char *, int64_t)} and {@code four(char *, char *, int64_t, int64_t)}. A second
	 * name gives a second library, for a state that must not share semaphores with the first.
	 */
	static ProviderDefinition provider(String name) {
		return ProviderDefinition.of(name, ProbeDefinition.of("zero"),
			ProbeDefinition.of("two", ArgumentKind.INT64, ArgumentKind.INT64),
			ProbeDefinition.of("six", ArgumentKind.INT64, ArgumentKind.INT64, ArgumentKind.INT64, ArgumentKind.INT64,
					ArgumentKind.INT64, ArgumentKind.INT64),
			ProbeDefinition.of("str", ArgumentKind.STRING, ArgumentKind.INT64),
			ProbeDefinition.of("four", ArgumentKind.STRING, ArgumentKind.STRING, ArgumentKind.INT64,
					ArgumentKind.INT64));
	}

	/**
	 * A stapsdt runtime; {@code maxStringBytes} is raised above the default 256 where a benchmark
	 * passes longer strings, so the probe copies as many bytes as the JNA baseline converts.
	 */
	static UsdtRuntime create(int maxStringBytes) {
		return UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withMaxStringBytes(maxStringBytes));
	}

	/** The provider's generated library, opened again for the JNA baselines on the same stubs. */
	static NativeLibrary library(Provider provider) {
		Path path = provider.library()
			.orElseThrow(() -> new IllegalStateException("The stapsdt backend wrote no library for " + provider));
		return NativeLibrary.getInstance(path.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW_LOCAL));
	}

}
