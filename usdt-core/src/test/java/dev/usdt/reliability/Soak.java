package dev.usdt.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.usdt.Probe;
import dev.usdt.Provider;
import dev.usdt.UsdtOptions;
import dev.usdt.UsdtRuntime;
import dev.usdt.backend.BackendKind;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.testsupport.Bpftrace;

/**
 * The soak run behind {@code scripts/soak.sh}: four threads fire a mix of probes (typed, boxed,
 * lazy, strings) without pause while one thread closes the runtime and registers the same
 * definitions in a new one every half second, and bpftrace attaches to this JVM, counts, and
 * detaches again and again. At the end it prints the counts and the process's resources (mappings,
 * descriptors, threads, library files, RSS) at start and end, and fails on any error or growth.
 */
public final class Soak {

	private static final ProviderDefinition SOAK = ProviderDefinition.of("soak",
			ProbeDefinition.of("ints", ArgumentKind.INT32, ArgumentKind.UINT64),
			ProbeDefinition.of("text", ArgumentKind.STRING, ArgumentKind.INT64),
			ProbeDefinition.of("mixed", ArgumentKind.STRING, ArgumentKind.INT8, ArgumentKind.STRING),
			ProbeDefinition.of("bare"));

	private final Duration duration;

	private final Path libraries;

	private final AtomicReference<UsdtRuntime> current = new AtomicReference<>();

	private final AtomicLong fired = new AtomicLong();

	private final AtomicLong cycles = new AtomicLong();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private volatile boolean running = true;

	public Soak(Duration duration, Path libraries) {
		this.duration = duration;
		this.libraries = libraries;
	}

	public static void main(String[] args) throws Exception {
		long minutes = 60;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--minutes") && i + 1 < args.length) {
				minutes = Long.parseLong(args[++i]);
			}
		}
		Path libraries = Files.createTempDirectory("usdt-soak-").resolve("lib");
		Result result = new Soak(Duration.ofMinutes(minutes), libraries).run();
		System.out.println(result.report());
		System.exit(result.isHealthy() ? 0 : 1);
	}

	/** Runs for the duration and returns what happened. */
	public Result run() throws Exception {
		this.current.set(register());
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			threads.add(start("soak-fire-" + t, this::fire));
		}
		threads.add(start("soak-cycle", this::cycle));
		// Resources once everything runs, so the first JIT, thread and mapping growth is not counted
		Thread.sleep(1_000);
		Map<String, Long> before = resources();
		long deadline = System.nanoTime() + this.duration.toNanos();
		long attaches = 0;
		long traced = 0;
		boolean tracer = Bpftrace.isAvailable();
		while (System.nanoTime() < deadline && this.failure.get() == null) {
			if (tracer) {
				traced += traceOnce();
				attaches++;
			}
			Thread.sleep(Math.min(1_000, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
		}
		this.running = false;
		for (Thread thread : threads) {
			thread.join(30_000);
		}
		this.current.get().close();
		System.gc();
		Thread.sleep(500);
		Map<String, Long> after = resources();
		return new Result(this.duration, this.fired.get(), this.cycles.get(), attaches, traced, tracer, before, after,
				this.failure.get());
	}

	private UsdtRuntime register() {
		UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.libraries)
			.withMaxStringBytes(48));
		runtime.register(SOAK);
		return runtime;
	}

	private void fire() {
		long i = 0;
		while (this.running) {
			Provider provider = this.current.get().provider("soak").orElseThrow();
			Probe ints = provider.probe("ints");
			Probe text = provider.probe("text");
			Probe mixed = provider.probe("mixed");
			Probe bare = provider.probe("bare");
			for (int n = 0; n < 256; n++, i++) {
				ints.fire((int) i, i);
				text.fire((i % 3 == 0) ? null : "order-" + (i & 1023), i);
				mixed.fireArgs("grüße \uD800", (byte) i, new StringBuilder("x").append(i));
				long value = i;
				mixed.fireLazy(() -> new Object[] { "lazy", value, null });
				bare.fire();
			}
			this.fired.addAndGet(256 * 5);
			pause(1);
		}
	}

	private void cycle() {
		while (this.running) {
			pause(500);
			UsdtRuntime old = this.current.getAndSet(register());
			old.close();
			this.cycles.incrementAndGet();
		}
	}

	/** Attaches bpftrace for two seconds and returns the events it counted. */
	private long traceOnce() throws Exception {
		Path library = this.current.get().provider("soak").orElseThrow().library().orElseThrow();
		String program = "usdt:" + library + ":soak:* { @events = count(); }";
		try (Bpftrace bpftrace = Bpftrace.attach(ProcessHandle.current().pid(), program)) {
			Thread.sleep(2_000);
			for (String line : bpftrace.stop()) {
				if (line.startsWith("@events: ")) {
					return Long.parseLong(line.substring("@events: ".length()).trim());
				}
			}
		}
		return 0;
	}

	private Map<String, Long> resources() throws IOException {
		Map<String, Long> figures = new LinkedHashMap<>();
		List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
		figures.put("mappings", (long) maps.size());
		figures.put("file mappings", maps.stream().filter((line) -> line.contains(" /")).count());
		figures.put("usdt mappings", maps.stream().filter((line) -> line.contains("/usdt-")).count());
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			figures.put("file descriptors", fds.count());
		}
		figures.put("threads", (long) Thread.activeCount());
		try (Stream<Path> files = Files.list(this.libraries)) {
			figures.put("library directory files", files.count());
		}
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				figures.put("rss kB", Long.parseLong(line.replaceAll("\\D", "")));
			}
		}
		return figures;
	}

	private Thread start(String name, Runnable body) {
		Thread thread = new Thread(() -> {
			try {
				body.run();
			}
			catch (Throwable ex) {
				this.failure.compareAndSet(null, ex);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** What a soak run did and what it left behind. */
	public record Result(Duration duration, long fired, long cycles, long attaches, long traced, boolean tracer,
			Map<String, Long> before, Map<String, Long> after, Throwable failure) {

		/** Mappings, descriptors, threads and library files may not grow; RSS is reported only. */
		public boolean isHealthy() {
			return this.failure == null && this.cycles > 0 && grew().isEmpty();
		}

		/** The figures that grew beyond noise: anonymous mappings come and go with JIT code, GC and malloc. */
		public List<String> grew() {
			List<String> grew = new ArrayList<>();
			Map<String, Long> slack = Map.of("mappings", 64L, "file mappings", 4L, "usdt mappings", 0L,
					"file descriptors", 2L, "threads", 1L, "library directory files", 0L);
			slack.forEach((figure, allowed) -> {
				if (this.after.get(figure) > this.before.get(figure) + allowed) {
					grew.add(figure + " " + this.before.get(figure) + " -> " + this.after.get(figure));
				}
			});
			return grew;
		}

		public String report() {
			StringBuilder report = new StringBuilder("usdt soak: ").append(this.duration.toSeconds()).append(" s\n");
			report.append(String.format("  fired %d, register/close cycles %d, bpftrace attach/detach cycles %d, events traced %d%s%n",
					this.fired, this.cycles, this.attaches, this.traced, this.tracer ? "" : " (bpftrace not available)"));
			this.before.forEach((figure, value) -> report
				.append(String.format("  %-24s %10d -> %d%n", figure, value, this.after.get(figure))));
			report.append(isHealthy() ? "  healthy" : "  UNHEALTHY: " + ((this.failure != null) ? this.failure : grew()));
			return report.toString();
		}

	}

}
