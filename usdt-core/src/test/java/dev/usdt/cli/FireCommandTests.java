package dev.usdt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.UsdtOptions;
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
	void theLibraryLineStaysOneLineWhateverThePathHolds() {
		assertThat(FireCommand.printable(Path.of("/tmp/lib\nit's\t$(id)\u200b/usdt-t.so")))
			.isEqualTo("/tmp/lib\\x0ait's\\x09$(id)\\u200b/usdt-t.so");
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
	void argumentsAfterTheTerminatorAreFiredEvenWhenTheyLookLikeOptions() {
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "--count", "2", "--", "--help", "1299"))
			.isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).endsWith("fired 2" + System.lineSeparator())
			.doesNotContain("usage:");
		this.out.reset();
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "--", "--count", "7")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).endsWith("fired 1" + System.lineSeparator());
	}

	@Test
	void aProbeNoTracerCouldSeeIsAFailureNamingTheReason() throws Exception {
		Path file = Files.createFile(this.tempDir.resolve("plain-file"));
		String status = withProperty(UsdtOptions.LIBRARY_DIR_PROPERTY, file.resolve("lib").toString(),
				() -> String.valueOf(run("fire", this.definitions.toString(), "shop", "tick")));
		assertThat(status).isEqualTo("1");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("usdt fire: error: USDT backend 'auto' cannot work here: ")
			.contains(file.resolve("lib") + ": ")
			.contains("set usdt.library-dir to a private directory");
	}

	@Test
	void theNoopBackendAskedForFiresIntoNothing() throws Exception {
		String status = withProperty(UsdtOptions.BACKEND_PROPERTY, "noop",
				() -> String.valueOf(run("fire", this.definitions.toString(), "shop", "tick", "--count", "2")));
		assertThat(status).isEqualTo("0");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("library=none (backend noop)")
			.endsWith("fired 2" + System.lineSeparator());
	}

	private static String withProperty(String name, String value, Callable<String> action) throws Exception {
		String previous = System.setProperty(name, value);
		try {
			return action.call();
		}
		finally {
			if (previous == null) {
				System.clearProperty(name);
			}
			else {
				System.setProperty(name, previous);
			}
		}
	}

	@Test
	void anotherProviderOfTheFileThatCannotBeRegisteredDoesNotStopTheOneAskedFor() throws Exception {
		Path mixed = Files.writeString(this.tempDir.resolve("mixed.d"),
				"provider okay { probe a(int x); };\nprovider floats { probe scale(double x); };\n");
		assertThat(run("fire", mixed.toString(), "okay", "a", "7")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).endsWith("fired 1" + System.lineSeparator());
	}

	@Test
	void anUndeclaredProbeNameIsEscapedInTheUsageError() {
		assertThat(run("fire", this.definitions.toString(), "shop", "x\u001b[31mRED\n")).isEqualTo(UsdtCli.USAGE);
		assertThat(this.err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
			.contains("Probe shop:x\\x1b[31mRED\\x0a is not declared");
	}

	@Test
	void wrongArgumentCountIsAUsageError() {
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "A-1")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.contains("probe shop:order__placed(char *, uint64_t) takes 2 arguments, got 1");
	}

	@Test
	void integerOutsideTheDeclaredRangeFailsWithOneLineNamingArgumentTypeAndRange() throws Exception {
		Path file = this.tempDir.resolve("test.d");
		Files.writeString(file, "provider test { probe start(uint8_t); probe stop(char*, uint8_t); probe at(int32_t level); };\n");
		assertThat(run("fire", file.toString(), "test", "start", "256")).isEqualTo(1);
		assertThat(run("fire", file.toString(), "test", "stop", "x", "-1")).isEqualTo(1);
		assertThat(run("fire", file.toString(), "test", "at", "0x80000000")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEqualTo("""
				usdt fire: argument 0 of test:start(uint8_t): 256 is out of range for uint8_t (0 to 255)
				usdt fire: argument 1 of test:stop(char *, uint8_t): -1 is out of range for uint8_t (0 to 255)
				usdt fire: argument 0 (level) of test:at(int32_t): 0x80000000 is out of range for int32_t (-2147483648 to 2147483647)
				""");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEmpty();
	}

	@Test
	void negativeValueForUnsignedArgumentIsOutOfRange() {
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "A-1", "-5")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.contains("-5 is out of range for uint64_t (0 to 18446744073709551615)");
	}

	@Test
	void extremesOfTheDeclaredTypeAreAccepted() {
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "A-1", "18446744073709551615"))
			.isZero();
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "A-1", "0xffffffffffffffff"))
			.isZero();
	}

	@Test
	void textThatIsNotAnIntegerIsAUsageError() {
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "A-1", "12abc")).isEqualTo(2);
		assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "A-1", "--5")).isEqualTo(2);
		for (String hostile : List.of("", "0x", "+5", "1e3", "\u0661\u0662", "0x-1", "1 2", "\u0000")) {
			assertThat(run("fire", this.definitions.toString(), "shop", "order__placed", "A-1", hostile)).isEqualTo(2);
		}
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.contains("argument 1 of shop:order__placed(char *, uint64_t): '12abc' is not an integer")
			.contains("'--5' is not an integer");
	}

	@Test
	void floatingPointProbeCannotBeFired() throws Exception {
		Path file = this.tempDir.resolve("gfx.d");
		Files.writeString(file, "provider gfx { probe scale(double); probe tick(); };\n");
		assertThat(run("fire", file.toString(), "gfx", "scale", "1")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEqualTo(
				"usdt fire: Probe gfx:scale takes a floating-point argument (argument 0: double), which USDT probes cannot "
						+ "pass, so it cannot be fired\n");
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
	void bpftraceTracesProbesNamedStartAndStopFiredByTheCli() throws Exception {
		Bpftrace.assumeAvailable();
		Path file = this.tempDir.resolve("test.d");
		Files.writeString(file, "provider test { probe start(uint8_t); probe stop(char*, uint8_t); };\n");
		try (ChildJvm child = ChildJvm.fire(List.of(file.toString(), "test", "start", "255", "--count", "3",
				"--wait-enabled"), "-Dusdt.library-dir=" + this.tempDir.resolve("lib"))) {
			String program = "usdt:" + child.library() + ":test:start { @starts[arg0] = count(); }";
			try (Bpftrace bpftrace = Bpftrace.attach(child.pid(), program)) {
				assertThat(child.waitFor(Duration.ofSeconds(60))).isZero();
				assertThat(child.output()).contains("fired 3");
				assertThat(bpftrace.stop()).contains("@starts[255]: 3");
			}
		}
	}

	@Test
	void bpftraceTracesAFunctionPointerProbeOfAFileWithAnUnfireableDoubleProbe() throws Exception {
		Bpftrace.assumeAvailable();
		Path file = this.tempDir.resolve("gfx.d");
		Files.writeString(file, """
				#include <sys/types.h>
				typedef void (*draw_callback_t)(void *);
				provider gfx {
					probe scale(double factor);
					probe draw(draw_callback_t callback, void *context);
				}
				""");
		try (ChildJvm child = ChildJvm.fire(List.of(file.toString(), "gfx", "draw", "0x7f00dead0000", "42", "--count", "2",
				"--wait-enabled"), "-Dusdt.library-dir=" + this.tempDir.resolve("lib"))) {
			String program = "usdt:" + child.library() + ":gfx:draw { @draws[arg0, arg1] = count(); }";
			try (Bpftrace bpftrace = Bpftrace.attach(child.pid(), program)) {
				assertThat(child.waitFor(Duration.ofSeconds(60))).isZero();
				assertThat(bpftrace.stop()).contains("@draws[" + 0x7f00dead0000L + ", 42]: 2");
			}
		}
	}

	@Test
	void stoppedWithSigtermItLeavesNoFileBehind() throws Exception {
		Path libraries = this.tempDir.resolve("lib");
		try (ChildJvm child = ChildJvm.fire(List.of(this.definitions.toString(), "shop", "tick", "--count", "1000000",
				"--interval-ms", "10"), "-Dusdt.library-dir=" + libraries)) {
			assertThat(Path.of(child.library())).exists();
			child.process().destroy();
			child.waitFor(Duration.ofSeconds(30));
		}
		try (Stream<Path> left = Files.list(libraries)) {
			assertThat(left.map((file) -> file.getFileName().toString())).as("files left in " + libraries)
				.allMatch((name) -> name.equals(".lock"));
		}
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
