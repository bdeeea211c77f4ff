package dev.usdt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.testsupport.Bpftrace;
import dev.usdt.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

class FireCommandTests {

	@TempDir
	Path tempDir;

	private Path definitions;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@BeforeEach
	void writeDefinitions() throws Exception {
		this.definitions = this.tempDir.resolve("shop.d");
		Files.writeString(this.definitions, """
				provider shop {
					probe order__placed(char *, uint64_t);
					probe tick();
				};
				""");
	}

	private int run(String... arguments) {
		return new UsdtCli().run(List.of(arguments), new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	@Test
	void firesAndReportsPidLibraryAndCount() {
		int status = run("fire", this.definitions.toString(), "shop", "order__placed", "A-1", "1299", "--count", "3");
		assertThat(status).isZero();
		String output = this.out.toString(StandardCharsets.UTF_8);
		assertThat(output).startsWith("pid=" + ProcessHandle.current().pid() + System.lineSeparator() + "library=");
		assertThat(output).endsWith("fired 3" + System.lineSeparator());
	}

	@Test
	void wrongArgumentCountIsAUsageError() {
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "A-1")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.contains("probe shop:order__placed(char *, uint64_t) takes 2 arguments, got 1");
	}

	@Test
	void negativeValueForUnsignedArgumentIsAUsageError() {
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "A-1", "-5")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("'-5' is not a uint64_t");
	}

	@Test
	void unknownProviderOrProbeIsAUsageError() {
		assertThat(run("fire", this.definitions.toString(), "nope", "tick")).isEqualTo(2);
		assertThat(run("fire", this.definitions.toString(), "shop", "nope")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("no provider 'nope'").contains("not declared");
	}

	@Test
	void brokenDefinitionFilePrintsPositionAndFails() throws Exception {
		Path broken = this.tempDir.resolve("broken.d");
		Files.writeString(broken, "provider shop { probe tick() };\n");
		assertThat(run("fire", broken.toString(), "shop", "tick")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains(broken + ":1:");
	}

	@Test
	void waitEnabledTimesOutWithoutTracer() {
		assertThat(run("fire", this.definitions.toString(), "shop", "tick", "--wait-enabled", "--timeout-ms", "100"))
			.isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("was not enabled by a tracer within 100 ms");
	}

	@Test
	void bpftraceCountsExactlyTheEventsFiredByTheCli() throws Exception {
		Bpftrace.assumeAvailable();
		try (ChildJvm child = ChildJvm.fire(List.of(this.definitions.toString(), "shop", "order__placed", "A-1",
				"1299", "--count", "1000", "--wait-enabled"),
				"-Dusdt.library-dir=" + this.tempDir.resolve("lib"))) {
			String program = "usdt:" + child.library() + ":shop:order__placed { @events[str(arg0), arg1] = count(); }";
			try (Bpftrace bpftrace = Bpftrace.attach(child.pid(), program)) {
				assertThat(child.waitFor(Duration.ofSeconds(60))).isZero();
				assertThat(child.output()).contains("fired 1000");
				assertThat(bpftrace.stop()).contains("@events[A-1, 1299]: 1000");
			}
		}
	}

}
