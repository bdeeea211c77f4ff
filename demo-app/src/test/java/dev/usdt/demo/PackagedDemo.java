package dev.usdt.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.usdt.testsupport.Bpftrace;

/**
 * The packaged demo ({@code target/demo-app.jar}) running in its own JVM on a free port, the way
 * the README starts it, with a small HTTP client for it.
 */
final class PackagedDemo implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private final Process process;

	private final int port;

	private final List<String> log = new CopyOnWriteArrayList<>();

	private final HttpClient client = HttpClient.newHttpClient();

	private PackagedDemo(Process process, int port) {
		this.process = process;
		this.port = port;
		Thread reader = new Thread(this::readLog, "demo-app-output");
		reader.setDaemon(true);
		reader.start();
	}

	/** Starts {@code java --enable-native-access=ALL-UNNAMED -jar demo-app.jar} and waits until it is up. */
	static PackagedDemo start() throws IOException, InterruptedException {
		return start(List.of());
	}

	/** Like {@link #start()}, with more application arguments ({@code --name=value}). */
	static PackagedDemo start(List<String> arguments) throws IOException, InterruptedException {
		Path jar = Path.of(System.getProperty("demo.jar", "target/demo-app.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " does not exist: run 'mvn verify' (the jar is built in 'package')");
		}
		int port = freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(
				List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "--server.port=" + port));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		PackagedDemo demo = new PackagedDemo(process, port);
		try {
			Bpftrace.await(() -> demo.isUp() || !process.isAlive(), STARTUP_TIMEOUT, "the demo to start");
		}
		catch (AssertionError ex) {
			demo.close();
			throw new AssertionError(ex.getMessage() + "; it logged " + demo.log, ex);
		}
		if (!process.isAlive()) {
			throw new IllegalStateException("The demo exited with " + process.exitValue() + ": " + demo.log);
		}
		return demo;
	}

	long pid() {
		return this.process.pid();
	}

	List<String> log() {
		return List.copyOf(this.log);
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private boolean isUp() {
		try {
			return get("/actuator/health").statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void readLog() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.log.add(line);
			}
		}
		catch (IOException ex) {
			// process gone
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
