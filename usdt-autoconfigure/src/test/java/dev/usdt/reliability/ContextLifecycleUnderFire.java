package dev.usdt.reliability;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.usdt.Probe;
import dev.usdt.ProbeSemaphores;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.UsdtAutoConfiguration;
import dev.usdt.autoconfigure.UsdtProviderInterfacesAutoConfiguration;
import dev.usdt.autoconfigure.sample.AuditService;
import dev.usdt.autoconfigure.sample.InventoryEvents;
import dev.usdt.autoconfigure.sample.OrderEvents;
import dev.usdt.autoconfigure.sample.OrderService;
import dev.usdt.autoconfigure.sample.SampleConfiguration;
import dev.usdt.testsupport.Bpftrace;

/**
 * Refreshes and closes a Spring application with the real stapsdt backend (a {@code .d} file,
 * {@code @UsdtProbe} beans, typed {@code @UsdtProvider} interfaces) again and again while four
 * threads fire, without pause, the probes of the current context and of closed ones. Runs in
 * blocks of {@value #BLOCK} cycles; in each block:
 * <ul>
 * <li>cycles 0–11: the current context's probes are forced on (the test hook), so the firing
 * threads run the enabled path into the mapped stubs, and so do the closed contexts' probes until
 * their context closes;</li>
 * <li>cycles 15–29: when a tracer can run, bpftrace is attached by library path and counts the
 * firings, across the contexts that come and go under it;</li>
 * <li>cycles 40–49: quiet, as in production without a tracer; the figures of these cycles must
 * equal those of cycle 10 of the first block.</li>
 * </ul>
 * The beans of every fifth context reach the firing threads only after that context has closed
 * (a thread pool that fires once more during shutdown). The first context's beans are fired until
 * the end; those of later contexts while they are among the last three.
 */
final class ContextLifecycleUnderFire {

	static final int BLOCK = 50;

	static final int BASELINE_CYCLE = 10;

	static final int FIRING_THREADS = 4;

	private static final Duration TRACER_TIMEOUT = Duration.ofSeconds(30);

	private final Path libraryDirectory;

	private final boolean tracer;

	private final AtomicReference<List<Generation>> targets = new AtomicReference<>(List.of());

	private final LongAdder fired = new LongAdder();

	private final AtomicLong errors = new AtomicLong();

	private final AtomicReference<@Nullable Throwable> firstError = new AtomicReference<>();

	private final List<ProcessResources> figures = new CopyOnWriteArrayList<>();

	private volatile boolean running = true;

	private @Nullable Generation first;

	private final List<Generation> recent = new ArrayList<>();

	private @Nullable TracerSession session;

	private @Nullable Generation previous;

	private long traced;

	private long attaches;

	ContextLifecycleUnderFire(Path libraryDirectory, boolean tracer) {
		this.libraryDirectory = libraryDirectory;
		this.tracer = tracer;
	}

	/** Runs whole blocks until {@code duration} is used up, at least one. */
	Result run(Duration duration) throws Exception {
		long deadline = System.nanoTime() + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < FIRING_THREADS; i++) {
			Thread thread = new Thread(this::fire, "lifecycle-fire-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		long start = System.nanoTime();
		int cycle = 0;
		try {
			do {
				for (int phase = 0; phase < BLOCK; phase++, cycle++) {
					cycle(cycle, phase);
				}
			}
			while (System.nanoTime() < deadline && this.firstError.get() == null);
		}
		finally {
			this.running = false;
			for (Thread thread : threads) {
				thread.join(10_000);
			}
		}
		return new Result(cycle, Duration.ofNanos(System.nanoTime() - start), this.fired.sum(), this.errors.get(),
				this.firstError.get(), this.attaches, this.traced, List.copyOf(this.figures));
	}

	private void cycle(int cycle, int phase) throws Exception {
		ConfigurableApplicationContext context = refresh();
		Generation generation = Generation.of(cycle, context);
		boolean late = cycle % 5 == 3;
		if (!late) {
			publish(generation);
		}
		if (phase < 12) {
			generation.forceProbes(true);
		}
		if (phase == 11) {
			// the semaphores live in the one shared mapping: clear them for the next contexts
			generation.forceProbes(false);
		}
		if (this.tracer && phase == 15) {
			this.session = new TracerSession(generation, this.fired::sum);
		}
		if (this.session != null) {
			this.session.check(generation, this.previous);
			if (phase == 29) {
				this.traced += this.session.stop(generation);
				this.attaches++;
				this.session = null;
			}
		}
		context.close();
		generation.assertNoOps();
		if (late) {
			publish(generation);
		}
		this.previous = generation;
		this.figures.add(ProcessResources.measure(this.libraryDirectory));
	}

	private ConfigurableApplicationContext refresh() {
		return new SpringApplicationBuilder(FiringApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties("usdt.backend=stapsdt", "usdt.strict=true", "usdt.library-dir=" + this.libraryDirectory,
					"logging.level.dev.usdt.autoconfigure.UsdtProbeRegistration=warn")
			.run();
	}

	private void publish(Generation generation) {
		if (this.first == null) {
			this.first = generation;
		}
		else {
			this.recent.add(generation);
			if (this.recent.size() > 3) {
				this.recent.remove(0);
			}
		}
		List<Generation> targets = new ArrayList<>();
		targets.add(this.first);
		targets.addAll(this.recent);
		this.targets.set(List.copyOf(targets));
	}

	private void fire() {
		long i = 0;
		while (this.running) {
			try {
				for (int batch = 0; batch < 50; batch++, i++) {
					for (Generation generation : this.targets.get()) {
						generation.fire(i);
						this.fired.add(Generation.FIRINGS);
					}
				}
				// two cores are shared with other builds: fire hard, but not all of the time
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Throwable ex) {
				this.errors.incrementAndGet();
				this.firstError.compareAndSet(null, ex);
			}
		}
	}

	/** A test application: orders.d, typed OrderEvents and InventoryEvents, probed services. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ UsdtAutoConfiguration.class, UsdtProviderInterfacesAutoConfiguration.class,
			AopAutoConfiguration.class })
	@Import(SampleConfiguration.class)
	static class FiringApplication {

	}

	/** The beans and probes of one context, kept after it closes. */
	record Generation(int cycle, UsdtRuntime runtime, OrderService orders, AuditService audit, OrderEvents orderEvents,
			InventoryEvents inventory, Probe placed, Probe placeEntry, Probe placeReturn, Probe stockChanged,
			Probe countEntry, Probe countReturn) {

		/** Calls and probe firings per {@link #fire(long)}. */
		static final int FIRINGS = 9;

		static Generation of(int cycle, ConfigurableApplicationContext context) {
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			return new Generation(cycle, runtime, context.getBean(OrderService.class),
					context.getBean(AuditService.class), context.getBean(OrderEvents.class),
					context.getBean(InventoryEvents.class), probe(runtime, "orders", "order__placed"),
					probe(runtime, "orders", "place__entry"), probe(runtime, "orders", "place__return"),
					probe(runtime, "inventory", "stock__changed"), probe(runtime, "audit", "count__entry"),
					probe(runtime, "audit", "count__return"));
		}

		private static Probe probe(UsdtRuntime runtime, String provider, String name) {
			return runtime.provider(provider).orElseThrow().probe(name);
		}

		void fire(long i) {
			this.orders.place("A-1001", i);
			this.audit.count((int) (i & 0xffff));
			this.orderEvents.orderPlaced("B-7", i);
			this.orderEvents.orderCancelled("B-7");
			if (this.orderEvents.isOrderPlacedEnabled()) {
				this.orderEvents.orderPlaced("C-3", 3);
			}
			this.inventory.stockChanged("sku-1", -1);
			this.placed.fire("D-4", i);
			this.stockChanged.fire("sku-2", 1);
			this.countEntry.fire(i & 0xffff);
		}

		List<Probe> probes() {
			return List.of(this.placed, this.placeEntry, this.placeReturn, this.stockChanged, this.countEntry,
					this.countReturn);
		}

		void forceProbes(boolean enabled) {
			probes().forEach((probe) -> ProbeSemaphores.overrideForTesting(probe, enabled));
		}

		/** After close: the runtime is closed and every probe reads as disabled. */
		void assertNoOps() {
			if (!this.runtime.isClosed()) {
				throw new AssertionError("cycle " + this.cycle + ": the runtime is still open after close");
			}
			for (Probe probe : probes()) {
				if (probe.isEnabled() || probe.shouldFire()) {
					throw new AssertionError("cycle " + this.cycle + ": " + probe + " is still enabled after close");
				}
			}
			if (this.orderEvents.isOrderPlacedEnabled()) {
				throw new AssertionError("cycle " + this.cycle + ": typed OrderEvents still enabled after close");
			}
		}

	}

	/** bpftrace attached by library path to two orders probes while contexts come and go. */
	private static final class TracerSession {

		private final Bpftrace bpftrace;

		private final Path library;

		private final LongSupplier fired;

		private final long firedBefore;

		TracerSession(Generation generation, LongSupplier fired) throws Exception {
			Path library = generation.runtime().provider("orders").orElseThrow().library().orElseThrow();
			this.library = library;
			this.fired = fired;
			this.firedBefore = fired.getAsLong();
			this.bpftrace = Bpftrace.attach(generation.runtime().pid(), "usdt:" + library
					+ ":orders:order__placed { @placed = count(); } usdt:" + library
					+ ":orders:place__entry { @entry = count(); }");
			this.bpftrace.awaitCondition(() -> generation.placed().isEnabled() && generation.placeEntry().isEnabled(),
					"bpftrace enabling order__placed and place__entry of cycle " + generation.cycle());
		}

		/** The live context's probes are on, the closed one's read as off. */
		void check(Generation current, @Nullable Generation previous) throws InterruptedException {
			Bpftrace.await(() -> current.placed().isEnabled(), TRACER_TIMEOUT,
					"order__placed of cycle " + current.cycle() + " enabled by the attached bpftrace");
			if (previous != null && previous.placed().isEnabled()) {
				throw new AssertionError("order__placed of closed cycle " + previous.cycle() + " reads as enabled");
			}
		}

		/** Stops bpftrace and returns how many firings it counted. */
		long stop(Generation current) throws Exception {
			List<String> output = this.bpftrace.stop();
			Bpftrace.await(() -> !current.placed().isEnabled(), TRACER_TIMEOUT,
					"order__placed disabled after bpftrace exited");
			long counted = 0;
			for (String line : output) {
				if (line.startsWith("@placed: ") || line.startsWith("@entry: ")) {
					counted += Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
				}
			}
			if (counted == 0) {
				throw new AssertionError("bpftrace counted no firings: " + output + "; bpftrace " + this.bpftrace.transcript()
						+ "; the threads fired " + (this.fired.getAsLong() - this.firedBefore) + " calls and probes meanwhile; "
						+ describeMapping(this.library));
			}
			System.out.println("bpftrace session: counted " + counted + " firings, exited "
					+ this.bpftrace.stopTime().toMillis() + " ms after SIGINT"
					+ ((this.bpftrace.stopTime().toSeconds() >= 10) ? ": " + this.bpftrace.transcript() : ""));
			return counted;
		}

	}

	/** Which inode the process maps for the library and which one is at its path now. */
	private static String describeMapping(Path library) {
		StringBuilder text = new StringBuilder("library ").append(library);
		try {
			text.append(" (inode at the path: ").append(Files.exists(library) ? Files.getAttribute(library, "unix:ino") : "none")
				.append("); mapped: ");
			for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
				if (line.contains(library.getFileName().toString())) {
					text.append(line.replaceAll("\\s+", " ")).append(" | ");
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			text.append(" (").append(ex).append(')');
		}
		return text.toString();
	}

	/**
	 * What a run did and measured.
	 *
	 * @param cycles refresh/close cycles
	 * @param duration wall time
	 * @param fired calls and probe firings by the firing threads
	 * @param errors exceptions in the firing threads
	 * @param firstError the first of them
	 * @param attaches bpftrace sessions
	 * @param traced firings bpftrace counted
	 * @param figures the resources after each cycle's close
	 */
	record Result(int cycles, Duration duration, long fired, long errors, @Nullable Throwable firstError,
			long attaches, long traced, List<ProcessResources> figures) {

		ProcessResources baseline() {
			return this.figures.get(BASELINE_CYCLE);
		}

		List<ProcessResources> lastTen() {
			return this.figures.subList(this.figures.size() - 10, this.figures.size());
		}

		String report() {
			StringBuilder report = new StringBuilder();
			report.append("Context lifecycle under fire: ").append(this.cycles).append(" refresh/close cycles in ")
				.append(this.duration.toSeconds()).append(" s, ").append(FIRING_THREADS).append(" threads fired ")
				.append(this.fired).append(" calls and probes, ").append(this.errors).append(" errors; bpftrace ")
				.append(this.attaches).append(" sessions counted ").append(this.traced).append(" firings\n");
			if (this.firstError != null) {
				StringWriter trace = new StringWriter();
				this.firstError.printStackTrace(new PrintWriter(trace));
				report.append("  first error: ").append(trace);
			}
			for (int i = 0; i < this.figures.size(); i++) {
				if (i < 3 || i == BASELINE_CYCLE || i >= this.figures.size() - 10 || i % BLOCK == 0) {
					report.append(String.format("  cycle %4d: %s%n", i, this.figures.get(i)));
				}
			}
			return report.toString();
		}

	}

}
