package dev.usdt.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator's closed-loop mode ({@code --load --threads=N --seconds=S}): N threads each
 * send the generator's request mix back to back for S seconds, so the service runs as fast as it
 * can; then one line with the requests answered per second and the latency percentiles. What the
 * guard-flip measurement (scripts/measure-guard-flips-under-load.sh) compares with and without a
 * tracer.
 */
final class ClosedLoopLoad {

	private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

	private final LoadOptions options;

	private final PrintStream out;

	ClosedLoopLoad(LoadOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	int run() {
		long end = System.nanoTime() + Duration.ofSeconds(this.options.seconds()).toNanos();
		List<Worker> workers = new ArrayList<>();
		for (int i = 0; i < this.options.threads(); i++) {
			workers.add(new Worker(new LoadGenerator(this.options, DISCARD), end));
		}
		long start = System.nanoTime();
		workers.forEach(Thread::start);
		for (Worker worker : workers) {
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return 1;
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] latencies = workers.stream().flatMapToLong((worker) -> Arrays.stream(worker.latencies())).sorted().toArray();
		int failures = workers.stream().mapToInt((worker) -> worker.generator.failures()).sum();
		this.out.printf("threads=%d seconds=%.1f requests=%d throughput=%.1f/s p50=%.2fms p99=%.2fms failures=%d%n",
				this.options.threads(), seconds, latencies.length, latencies.length / seconds, percentile(latencies, 50),
				percentile(latencies, 99), failures);
		return (latencies.length == 0 || failures == latencies.length) ? 1 : 0;
	}

	private static double percentile(long[] sorted, int percent) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1e6;
	}

	/** One sending thread, with a generator of its own (a generator is not thread-safe). */
	private static final class Worker extends Thread {

		private static final AtomicInteger NUMBER = new AtomicInteger();

		private final LoadGenerator generator;

		private final long end;

		private long[] latencies = new long[1024];

		private int count;

		Worker(LoadGenerator generator, long end) {
			super("load-" + NUMBER.incrementAndGet());
			this.generator = generator;
			this.end = end;
		}

		@Override
		public void run() {
			for (long sequence = 0; System.nanoTime() < this.end; sequence++) {
				long sent = System.nanoTime();
				this.generator.send(sequence);
				if (this.count == this.latencies.length) {
					this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
				}
				this.latencies[this.count++] = System.nanoTime() - sent;
			}
		}

		long[] latencies() {
			return Arrays.copyOf(this.latencies, this.count);
		}

	}

}
