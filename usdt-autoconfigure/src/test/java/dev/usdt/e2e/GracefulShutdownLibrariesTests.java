package dev.usdt.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.e2e.draining.DrainingApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot service in its own JVM gets SIGTERM while a slow request is in flight: its probe
 * libraries stay on disk while the web server drains that request (a tracer may still attach),
 * and are deleted once the application context has closed and the JVM exits.
 */
class GracefulShutdownLibrariesTests {

	private static final Pattern PORT = Pattern.compile(".*Tomcat started on port (\\d+).*");

	@TempDir
	Path tempDir;

	@Test
	void librariesStayOnDiskWhileTheWebServerDrainsAndAreDeletedAfterTheContextHasClosed() throws Exception {
		Path libraries = this.tempDir.resolve("lib");
		List<String> log = new CopyOnWriteArrayList<>();
		Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
				DrainingApplication.class.getName(), "--server.port=0", "--server.shutdown=graceful",
				"--usdt.library-dir=" + libraries, "--spring.main.banner-mode=off")
			.redirectErrorStream(true)
			.start();
		Thread reader = new Thread(() -> read(service, log), "service-output");
		reader.setDaemon(true);
		reader.start();
		try {
			int port = awaitPort(service, log);
			List<Path> files = sharedObjects(libraries);
			assertThat(files).as("the service's probe libraries").isNotEmpty();
			CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient()
				.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slow?millis=5000")).build(),
						HttpResponse.BodyHandlers.ofString());
			Thread.sleep(1_500);
			service.toHandle().destroy();
			long signalled = System.nanoTime();
			int checks = 0;
			while (!slow.isDone()) {
				assertThat(files).as("while the web server drains the slow request; log: %s", log)
					.allSatisfy((file) -> assertThat(file).exists());
				checks++;
				Thread.sleep(10);
			}
			assertThat(System.nanoTime() - signalled).as("how long the drain lasted, in ns").isGreaterThan(1_000_000_000L);
			assertThat(checks).as("checks made during the drain").isGreaterThan(1);
			assertThat(slow.get().body()).isEqualTo("done");
			assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(sharedObjects(libraries)).as("after the JVM exited; log: %s", log).isEmpty();
		}
		finally {
			service.destroyForcibly();
		}
	}

	private static int awaitPort(Process service, List<String> log) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline && service.isAlive()) {
			for (String line : log) {
				Matcher matcher = PORT.matcher(line);
				if (matcher.matches()) {
					return Integer.parseInt(matcher.group(1));
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("the service did not start: " + log);
	}

	private static List<Path> sharedObjects(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".so")).toList();
		}
	}

	private static void read(Process service, List<String> log) {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				log.add(line);
			}
		}
		catch (IOException ex) {
			// the service is gone
		}
	}

}
