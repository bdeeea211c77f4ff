package dev.usdt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A closed probe stops firing even in a loop the JIT has compiled while the probe was traced:
 * close swaps the fields {@code isEnabled()} reads, and a compiled loop must not keep reading the
 * old ones. Real bpftrace counts what reaches the tracer on either side of the close.
 */
class ClosedProbeBpftraceTests {

	/** Fires between two looks at the stop flag; the loop's progress is published once per chunk. */
	private static final int CHUNK = 10_000;

	@TempDir
	Path tempDir;

	private volatile boolean stop;

	/** The last argument fired, as of the end of the last finished chunk. */
	private volatile long progress;

	@Test
	void aHotLoopFiringATracedProbeReachesBpftraceNoMoreOnceTheRuntimeIsClosed() throws Exception {
		Bpftrace.assumeAvailable();
		UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.tempDir.resolve("lib")));
		Provider provider = runtime.register(ProviderDefinition.of("e2e_close", ProbeDefinition.of("tick", ArgumentKind.INT64)));
		Probe tick = provider.probe("tick");
		String program = "usdt:" + provider.library().orElseThrow() + ":e2e_close:tick { @fired = count(); @highest = max(arg0); }";
		long pastClose;
		List<String> output;
		try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
			bpftrace.awaitCondition(tick::isEnabled, "semaphore set by bpftrace");
			Thread loop = new Thread(() -> fireUntilStopped(tick), "hot-fire-loop");
			loop.start();
			// Long enough for the loop to be compiled (OSR) with the probe enabled
			Bpftrace.await(() -> this.progress > 200_000, Duration.ofSeconds(60), "200000 traced fires");
			runtime.close();
			pastClose = this.progress + CHUNK;
			long seenAtClose = this.progress;
			// The loop keeps going well past the close: millions of no-op fires
			Bpftrace.await(() -> this.progress > seenAtClose + 10_000_000L, Duration.ofSeconds(60),
					"ten million fires after close");
			this.stop = true;
			loop.join();
			output = bpftrace.stop();
		}
		long highest = mapValue(output, "@highest");
		assertThat(mapValue(output, "@fired")).as("events traced before the close; bpftrace printed %s", output)
			.isGreaterThan(200_000);
		// At most the chunk under way when close returned may still have reached the tracer
		assertThat(highest).as("highest argument traced, %d fired by the time close returned", pastClose - CHUNK)
			.isLessThanOrEqualTo(pastClose);
	}

	private void fireUntilStopped(Probe tick) {
		long next = 1;
		while (!this.stop) {
			long end = next + CHUNK;
			for (long i = next; i < end; i++) {
				tick.fire(i);
			}
			next = end;
			this.progress = end - 1;
		}
	}

	private static long mapValue(List<String> output, String map) {
		return output.stream()
			.filter((line) -> line.startsWith(map + ": "))
			.mapToLong((line) -> Long.parseLong(line.substring(map.length() + 2).trim()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("bpftrace printed no " + map + ": " + output));
	}

}
