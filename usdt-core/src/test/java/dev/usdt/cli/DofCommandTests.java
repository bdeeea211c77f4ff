package dev.usdt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code usdt dof}: output lines, written bytes and exit codes (definitions built in code until the parser lands). */
class DofCommandTests {

	private static final ProviderDefinition ORDERS = ProviderDefinition.of("orders",
			ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.UINT64), ProbeDefinition.of("tick"));

	@TempDir
	Path temp;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void printsOneLinePerProbeWithItsSitesForIllumos() throws Exception {
		Path dof = this.temp.resolve("orders.dof");
		int status = run(List.of(ORDERS), "orders.d", "-o", dof.toString(), "--os", "illumos");
		assertThat(status).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEqualTo(
				"orders:order-placed probe=0x7f0000001013 is-enabled=0x7f0000001000\n"
						+ "orders:tick probe=0x7f0000001033 is-enabled=0x7f0000001020\n");
		byte[] bytes = Files.readAllBytes(dof);
		assertThat(bytes).startsWith(0x7F, 'D', 'O', 'F', 2, 1, 2);
	}

	@Test
	void baseMovesEveryAddressForLinux() throws Exception {
		Path dof = this.temp.resolve("orders.dof");
		int status = run(List.of(ORDERS), "orders.d", "-o", dof.toString(), "--os", "linux", "--base", "0x500000");
		assertThat(status).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEqualTo(
				"orders:order-placed probe=0x500018 is-enabled=0x50000e\n"
						+ "orders:tick probe=0x500038 is-enabled=0x50002e\n");
		assertThat(Files.readAllBytes(dof)[6]).isEqualTo((byte) 3);
	}

	@Test
	void macosWritesVersionThree() throws Exception {
		Path dof = this.temp.resolve("orders.dof");
		assertThat(run(List.of(ORDERS), "orders.d", "-o", dof.toString(), "--os", "macos")).isZero();
		assertThat(Files.readAllBytes(dof)[6]).isEqualTo((byte) 3);
	}

	@Test
	void missingOutputIsAUsageError() throws Exception {
		assertThat(run(List.of(ORDERS), "orders.d")).isEqualTo(UsdtCli.USAGE);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("missing -o OUT.dof").contains("usage: java -jar usdt-cli.jar dof");
	}

	@Test
	void unknownOsIsAUsageError() throws Exception {
		assertThat(run(List.of(ORDERS), "orders.d", "-o", "x.dof", "--os", "windows")).isEqualTo(UsdtCli.USAGE);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("Unknown OS 'windows'");
	}

	@Test
	void misalignedBaseIsAUsageError() throws Exception {
		assertThat(run(List.of(ORDERS), "orders.d", "-o", "x.dof", "--base", "0x1003")).isEqualTo(UsdtCli.USAGE);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("multiple of 16");
	}

	@Test
	void providerNameTooLongFailsWithTheLimit() throws Exception {
		Path dof = this.temp.resolve("long.dof");
		ProviderDefinition provider = ProviderDefinition.of("p".repeat(60), ProbeDefinition.of("tick"));
		assertThat(run(List.of(provider), "long.d", "-o", dof.toString())).isEqualTo(UsdtCli.FAILED);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("long.d").contains("53");
		assertThat(dof).doesNotExist();
	}

	@Test
	void unsupportedArchitectureFailsWithTheReason() throws Exception {
		int status = run(List.of(ORDERS), "orders.d", "-o", this.temp.resolve("a.dof").toString(), "--os", "freebsd",
				"--arch", "aarch64");
		assertThat(status).isEqualTo(UsdtCli.FAILED);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("freebsd on aarch64");
	}

	@Test
	void parseErrorsArePrintedWithTheirLocationAndExitOne() throws Exception {
		Path input = this.temp.resolve("broken.d");
		Files.writeString(input, "provider broken {\n\tprobe p(int64_t)\n};\n");
		Path dof = this.temp.resolve("broken.dof");
		PrintStream outStream = new PrintStream(this.out, true, StandardCharsets.UTF_8);
		PrintStream errStream = new PrintStream(this.err, true, StandardCharsets.UTF_8);
		int status = new DofCommand().run(List.of(input.toString(), "-o", dof.toString()), outStream, errStream);
		assertThat(status).isEqualTo(UsdtCli.FAILED);
		assertThat(this.err.toString(StandardCharsets.UTF_8).lines()).isNotEmpty()
			.allMatch((line) -> line.startsWith(input + ":") && line.matches(".*broken\\.d:\\d+:\\d+: error: .*"));
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(dof).doesNotExist();
	}

	@Test
	void fileErrorsNameTheFileAndTheReason() {
		Path input = this.temp.resolve("absent.d");
		PrintStream outStream = new PrintStream(this.out, true, StandardCharsets.UTF_8);
		PrintStream errStream = new PrintStream(this.err, true, StandardCharsets.UTF_8);
		int status = new UsdtCli().run(List.of("dof", input.toString(), "-o", this.temp.resolve("x.dof").toString()),
				outStream, errStream);
		assertThat(status).isEqualTo(UsdtCli.FAILED);
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.isEqualTo("usdt dof: error: " + input + ": no such file or directory\n");
	}

	private int run(List<ProviderDefinition> providers, String... arguments) throws Exception {
		DofCommand command = new DofCommand((file) -> providers);
		PrintStream outStream = new PrintStream(this.out, true, StandardCharsets.UTF_8);
		PrintStream errStream = new PrintStream(this.err, true, StandardCharsets.UTF_8);
		try {
			return command.run(List.of(arguments), outStream, errStream);
		}
		catch (UsageException ex) {
			errStream.println("usdt dof: " + ex.getMessage());
			errStream.print(command.usage());
			return UsdtCli.USAGE;
		}
	}

}
