package dev.usdt.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real {@code bpftrace} against a process for end-to-end tests: starts it, waits until it
 * has attached, collects what it prints, and stops it with SIGINT (so it prints its maps).
 */
public final class Bpftrace implements AutoCloseable {

	private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(60);

	/** How long to wait after a semaphore is armed before events are sure to be recorded. */
	public static final Duration SETTLE = Duration.ofMillis(500);

	/** How long bpftrace may take to print its maps and exit after SIGINT before it is killed. */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(180);

	/** How long to wait for bpftrace to exit before sending SIGINT again. */
	private static final Duration SIGNAL_INTERVAL = Duration.ofSeconds(10);

	private final Process process;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	/** What {@link #stop} had to do beyond one SIGINT, for {@link #transcript}. */
	private final List<String> notes = new CopyOnWriteArrayList<>();

	private final CountDownLatch attached = new CountDownLatch(1);

	private final Thread reader;

	private Duration stopTime = Duration.ZERO;

	private Bpftrace(Process process) {
		this.process = process;
		this.reader = new Thread(this::readOutput, "bpftrace-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/** Skips the calling test, saying why, unless bpftrace can run here (installed, root). */
	public static void assumeAvailable() {
		assumeTool(isAvailable(), "bpftrace end-to-end test skipped: needs root and bpftrace on the PATH (apt-get install -y bpftrace)");
	}

	/**
	 * Skips the test with {@code reason} unless {@code available}; fails instead when the
	 * environment variable {@code USDT_REQUIRE_TRACERS=true} says the tracers must be there (CI).
	 */
	public static void assumeTool(boolean available, String reason) {
		if (!available && "true".equals(System.getenv("USDT_REQUIRE_TRACERS"))) {
			throw new AssertionError("USDT_REQUIRE_TRACERS=true but " + reason);
		}
		Assumptions.assumeTrue(available, reason);
	}

	public static boolean isAvailable() {
		return "root".equals(System.getProperty("user.name")) && onPath("bpftrace");
	}

	public static boolean onPath(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
			if (Files.isExecutable(Path.of(dir, tool))) {
				return true;
			}
		}
		return false;
	}

	/** Starts {@code bpftrace -p PID -e PROGRAM} and waits until its probes are attached. */
	public static Bpftrace attach(long pid, String program) throws IOException, InterruptedException {
		return start(List.of("bpftrace", "-p", Long.toString(pid), "-e", program));
	}

	/** Starts bpftrace system-wide ({@code bpftrace -e PROGRAM}) and waits until attached. */
	public static Bpftrace attachSystemWide(String program) throws IOException, InterruptedException {
		return start(List.of("bpftrace", "-e", program));
	}

	/**
	 * Runs a bpftrace command line the way a user pastes it, through {@code sh -c}, and waits
	 * until attached. The shell parses every word as it would without the {@code exec} in front,
	 * which only makes bpftrace take the shell's place, so that SIGINT reaches it.
	 */
	public static Bpftrace runInShell(String commandLine) throws IOException, InterruptedException {
		return start(List.of("sh", "-c", "exec " + commandLine));
	}

	/**
	 * Starts bpftrace with this exact command line (for example inside other namespaces through
	 * {@code nsenter}) and waits until it has attached.
	 */
	public static Bpftrace start(List<String> command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Bpftrace bpftrace = new Bpftrace(builder.start());
		if (!bpftrace.attached.await(ATTACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			bpftrace.close();
			throw new IllegalStateException("bpftrace did not attach within " + ATTACH_TIMEOUT + ": " + bpftrace.lines);
		}
		return bpftrace;
	}

	private void readOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.lines.add(line);
				if (line.startsWith("Attaching ")) {
					this.attached.countDown();
				}
			}
		}
		catch (IOException ex) {
			// process gone
		}
		finally {
			this.attached.countDown();
		}
	}

	/** Everything printed so far, without bpftrace's own banner and warning lines. */
	public List<String> output() {
		List<String> output = new ArrayList<>();
		for (String line : this.lines) {
			if (!line.isBlank() && !line.startsWith("Attaching ") && !line.contains("RLIMIT_MEMLOCK")
					&& !line.startsWith("WARNING:")) {
				output.add(line);
			}
		}
		return output;
	}

	/** How long the last {@link #stop} waited for bpftrace to exit. */
	public Duration stopTime() {
		return this.stopTime;
	}

	/** Every line bpftrace printed, banner and warnings included, and its exit status: for failure messages. */
	public String transcript() {
		String status = this.process.isAlive() ? "running"
				: "exit " + this.process.exitValue() + " " + this.stopTime.toMillis() + " ms after SIGINT";
		return status + ", printed " + this.lines + (this.notes.isEmpty() ? "" : ", " + this.notes);
	}

	/** Waits until {@code condition} holds, failing after {@code timeout}. */
	public static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
			}
			Thread.sleep(10);
		}
	}

	/**
	 * Waits until {@code condition} (typically a probe's {@code isEnabled()}) holds, then a moment
	 * more: the kernel arms a semaphore when it installs the uprobe, just before bpftrace attaches
	 * its program, and the runtime's fast guard notices within its watch interval. The failure
	 * shows what bpftrace printed.
	 */
	public void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
		await(condition, ATTACH_TIMEOUT, what + "; bpftrace printed " + this.lines);
		Thread.sleep(SETTLE.toMillis());
	}

	/** Waits until at least {@code count} output lines arrived. */
	public List<String> awaitLines(int count, Duration timeout) throws InterruptedException {
		await(() -> output().size() >= count, timeout, count + " bpftrace lines, got " + this.lines);
		return output();
	}

	/** Sends SIGINT, waits for bpftrace to print its maps and exit, and returns all output. */
	public List<String> stop() throws IOException, InterruptedException {
		if (this.process.isAlive()) {
			// Killing bpftrace loses the maps it prints at exit, so it gets SIGINT until it exits:
			// in the 60-minute Spring soak one bpftrace in a few hundred sat in its poll loop for
			// minutes after a single SIGINT, as if the signal had been lost
			long start = System.nanoTime();
			int signals = 0;
			while (this.process.isAlive() && System.nanoTime() - start < STOP_TIMEOUT.toNanos()) {
				int status = new ProcessBuilder("kill", "-INT", Long.toString(bpftracePid())).start().waitFor();
				signals++;
				if (status != 0 && this.process.isAlive()) {
					this.notes.add("(kill -INT exited with " + status + ")");
				}
				this.process.waitFor(SIGNAL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
			}
			if (this.process.isAlive()) {
				this.notes.add("(still running " + STOP_TIMEOUT.toSeconds() + " s after " + signals
						+ " SIGINTs, killed; kernel stack: " + kernelStack() + ")");
				this.process.destroyForcibly();
			}
			else if (signals > 1) {
				this.notes.add("(exited after " + signals + " SIGINTs)");
			}
			this.stopTime = Duration.ofNanos(System.nanoTime() - start);
		}
		// The maps bpftrace prints at exit are in the pipe: read them to the end, however loaded the
		// machine is (a fixed short sleep lost them once under a soak)
		this.reader.join(TimeUnit.SECONDS.toMillis(30));
		return output();
	}

	/** bpftrace itself, also when it was started through wrappers ({@code nsenter}, {@code unshare}) that may not pass SIGINT on. */
	private long bpftracePid() {
		return this.process.descendants()
			.filter((child) -> child.info().command().orElse("").endsWith("/bpftrace"))
			.findFirst()
			.map(ProcessHandle::pid)
			.orElse(this.process.pid());
	}

	private String kernelStack() {
		try {
			return String.join(" < ", Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "stack")));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		stop();
	}

}
