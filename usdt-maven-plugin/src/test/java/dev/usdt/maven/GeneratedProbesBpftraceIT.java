package dev.usdt.maven;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin as a user meets it: a plain Maven project ({@code src/it/orders}) with
 * {@code orders.d} and {@code packageName} {@code shop.probes}, built with {@code mvn compile};
 * its {@code main} runs in its own JVM while a real {@code bpftrace} prints the events.
 */
class GeneratedProbesBpftraceIT {

	@TempDir
	Path tempDir;

	@Test
	void generatedClassFiresEventsThatBpftracePrints() throws Exception {
		Bpftrace.assumeAvailable();
		SampleProject project = SampleProject.copy("orders", this.tempDir.resolve("orders"));
		SampleProject.Result build = project.mvn("compile");
		assertThat(build.exitCode()).as(build.toString()).isZero();
		Path generated = project.directory().resolve("target/generated-sources/usdt/shop/probes/OrdersProbes.java");
		assertThat(Files.readString(generated)).contains("public static void orderPlaced(String id, long cents)",
				"public static void queueDepth(int depth)", "public static boolean isOrderPlacedEnabled()");
		Process main = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"--enable-native-access=ALL-UNNAMED", "-cp",
				project.directory().resolve("target/classes") + ":" + System.getProperty("java.class.path"),
				"shop.Main")
			.redirectErrorStream(true)
			.start();
		List<String> output = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> new BufferedReader(
				new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(output::add));
		reader.setDaemon(true);
		reader.start();
		try {
			Bpftrace.await(() -> !output.isEmpty() || !main.isAlive(), Duration.ofSeconds(60), "main to start");
			assertThat(output).as("main's first line").first().asString().startsWith("enabled=false pid=");
			String program = "usdt:*:orders:order__placed { printf(\"placed %s %ld\\n\", str(arg0), arg1); }"
					+ " usdt:*:orders:queue__depth { printf(\"depth %d\\n\", arg0); }";
			try (Bpftrace bpftrace = Bpftrace.attach(main.pid(), program)) {
				assertThat(bpftrace.awaitLines(2, Duration.ofSeconds(60))).containsExactly("placed A-1001 1299",
						"depth 7");
			}
			assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(output).contains("fired enabled=true");
		}
		finally {
			main.destroyForcibly();
		}
	}

	@Test
	void swappedArgumentTypesDoNotCompile() throws Exception {
		SampleProject project = SampleProject.copy("orders", this.tempDir.resolve("orders"));
		project.write("src/main/java/shop/Main.java", """
				package shop;

				import shop.probes.OrdersProbes;

				public final class Main {

					public static void main(String[] args) {
						OrdersProbes.orderPlaced(1299L, "A-1001");
					}

				}
				""");
		SampleProject.Result build = project.mvn("compile");
		assertThat(build.exitCode()).as(build.toString()).isNotZero();
		assertThat(build.output()).contains("COMPILATION ERROR", "Main.java:[8,42]",
				"incompatible types: long cannot be converted to java.lang.String");
	}

	@Test
	void brokenDefinitionFileFailsTheBuildWithFileLineAndColumn() throws Exception {
		SampleProject project = SampleProject.copy("orders", this.tempDir.resolve("orders"));
		project.write("src/main/resources/usdt/orders.d", """
				provider orders {
				    probe order__placed(char *id, int64_t cents);
				    probe queue__depth(int32_t depth)
				};
				""");
		SampleProject.Result build = project.mvn("compile");
		assertThat(build.exitCode()).as(build.toString()).isNotZero();
		assertThat(build.output()).contains("orders.d:3:38: error: ", "BUILD FAILURE");
		assertThat(project.directory().resolve("target/generated-sources/usdt/shop/probes/OrdersProbes.java"))
			.doesNotExist();
	}

}
