package dev.usdt.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running {@code usdt fire} (the CLI) with this test's class path, for tests that
 * need a separate traced process (gdb stops the process it attaches to) or several JVMs at once.
 */
public final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private ChildJvm(Process process) {
		this.process = process;
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// process gone
			}
		}, "child-jvm-output");
		reader.setDaemon(true);
		reader.start();
	}

	/** Starts {@code usdt fire ARGS...} and waits for its {@code pid=} and {@code library=} lines. */
	public static ChildJvm fire(List<String> arguments, String... systemProperties) throws Exception {
		return fireIn(List.of(), arguments, systemProperties);
	}

	/**
	 * Like {@link #fire} with the JVM started by {@code wrapper} (for example {@code unshare --pid
	 * --fork --mount-proc}); {@link #pid()} is then its process id as it sees it.
	 */
	public static ChildJvm fireIn(List<String> wrapper, List<String> arguments, String... systemProperties)
			throws Exception {
		List<String> command = new ArrayList<>(wrapper);
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("--enable-native-access=ALL-UNNAMED");
		command.addAll(List.of(systemProperties));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("dev.usdt.cli.UsdtCli");
		command.add("fire");
		command.addAll(arguments);
		ChildJvm child = new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
		Bpftrace.await(() -> child.value("library") != null || !child.process.isAlive(), Duration.ofSeconds(60),
				"the child JVM to register its probes");
		if (child.value("library") == null) {
			throw new IllegalStateException("usdt fire failed: " + child.lines);
		}
		return child;
	}

	public long pid() {
		return Long.parseLong(value("pid"));
	}

	public String library() {
		return value("library");
	}

	/** The process this class started: the wrapper's, if there is one. */
	public Process process() {
		return this.process;
	}

	public List<String> output() {
		return List.copyOf(this.lines);
	}

	/** Waits for the child to exit and returns its status. */
	public int waitFor(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("child JVM still running after " + timeout + ": " + this.lines);
		}
		return this.process.exitValue();
	}

	private String value(String key) {
		for (String line : this.lines) {
			if (line.startsWith(key + "=")) {
				return line.substring(key.length() + 1);
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

}
