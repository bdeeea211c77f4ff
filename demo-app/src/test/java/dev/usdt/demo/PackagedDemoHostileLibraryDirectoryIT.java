package dev.usdt.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.usdt.BpftraceCommands;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demo with its probe libraries in a directory whose name a shell would otherwise
 * interpret ({@code '}, spaces, {@code $}, backquotes, double quotes, a backslash): the one-liner
 * {@code /actuator/usdt} hands out, pasted into {@code sh -c} as is, starts a real bpftrace that
 * counts every order placed meanwhile, and the startup line's listing command lists the probes.
 * A newline in the name, which bpftrace cannot read, still gives commands the shell runs as
 * written, and a WARN.
 */
class PackagedDemoHostileLibraryDirectoryIT {

	private static final int ORDERS = 20;

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path temp;

	@BeforeAll
	static void assumeTracer() {
		Bpftrace.assumeAvailable();
	}

	@ParameterizedTest
	@ValueSource(strings = { "it's", "a b $HOME `id` $(id) \"q\" it's", "back\\slash" })
	void pastedOneLinerCountsOrdersPlacedWhileItRuns(String directoryName) throws Exception {
		Path libraries = this.temp.resolve(directoryName);
		try (PackagedDemo demo = PackagedDemo.start(List.of("--usdt.library-dir=" + libraries))) {
			JsonNode orders = this.json.readTree(demo.get("/actuator/usdt/orders").body());
			assertThat(orders.get("library").asString()).startsWith(libraries + "/");
			assertThat(shell(startupListing(demo))).contains(":orders:order__placed");
			Path library = Path.of(orders.get("library").asString());
			assertThat(shell(BpftraceCommands.listProbes(demo.pid(), library))).contains(":orders:order__placed",
					":orders:order__shipped");
			String oneLiner = orders.get("probes").get("order__placed").get("bpftrace").asString();
			try (Bpftrace bpftrace = Bpftrace.runInShell(oneLiner)) {
				bpftrace.awaitCondition(() -> enabled(demo), "order__placed enabled by the pasted one-liner");
				IntStream.range(0, ORDERS).parallel().forEach((i) -> placeOrder(demo, i));
				bpftrace.awaitLines(ORDERS, Duration.ofSeconds(30));
				Thread.sleep(Bpftrace.SETTLE.toMillis());
				assertThat(bpftrace.output()).as(bpftrace.transcript())
					.hasSize(ORDERS)
					.allMatch((line) -> line.matches("orders:order__placed id=\\S+ customer=hostile(\\d+) cents=\\1"));
			}
		}
	}

	@Test
	void directoryWithANewlineGetsCommandsTheShellRunsAsWrittenAndAWarn() throws Exception {
		Path libraries = this.temp.resolve("new\nline; touch pwned");
		try (PackagedDemo demo = PackagedDemo.start(List.of("--usdt.library-dir=" + libraries))) {
			assertThat(String.join("\n", demo.log())).contains("USDT probe libraries are in '" + libraries
					+ "', a name with a control character (such as a newline) in which bpftrace cannot find them");
			JsonNode orders = this.json.readTree(demo.get("/actuator/usdt/orders").body());
			String oneLiner = orders.get("probes").get("order__placed").get("bpftrace").asString();
			assertThat(oneLiner).startsWith("bpftrace -p " + demo.pid() + " -e 'usdt:*:orders:order__placed {");
			assertThat(shell(startupListing(demo))).contains(":hotspot:");
			assertThat(this.temp.resolve("pwned")).doesNotExist();
		}
	}

	/** The command after "list them with: " in the startup INFO line. */
	private static String startupListing(PackagedDemo demo) {
		String marker = "list them with: ";
		return demo.log()
			.stream()
			.filter((line) -> line.contains(marker))
			.findFirst()
			.map((line) -> line.substring(line.indexOf(marker) + marker.length()))
			.orElseThrow();
	}

	private boolean enabled(PackagedDemo demo) {
		try {
			return this.json.readTree(demo.get("/actuator/usdt/orders").body())
				.get("probes")
				.get("order__placed")
				.get("enabled")
				.asBoolean();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void placeOrder(PackagedDemo demo, int i) {
		try {
			String body = "{\"customer\":\"hostile" + (i + 1) + "\",\"item\":\"book\",\"quantity\":1,\"unitCents\":"
					+ (i + 1) + "}";
			assertThat(demo.post("/orders", body).statusCode()).isEqualTo(201);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Runs a command line through {@code sh -c} as pasted, returning what it printed. */
	private static String shell(String commandLine) throws Exception {
		Process process = new ProcessBuilder("sh", "-c", commandLine).redirectErrorStream(true).start();
		String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(commandLine + " printed " + printed).isZero();
		return printed;
	}

}
