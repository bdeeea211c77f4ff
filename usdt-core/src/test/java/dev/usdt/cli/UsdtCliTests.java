package dev.usdt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code usdt} without a command, with {@code help}, and with a command it does not know; what
 * {@code elf} and {@code dof} refuse alike.
 */
class UsdtCliTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void noArgumentsPrintsTheCommandListToStandardErrorAsAUsageError() {
		assertThat(run()).isEqualTo(UsdtCli.USAGE);
		assertThat(text(this.out)).isEmpty();
		assertThat(text(this.err)).startsWith("usage: java -jar usdt-cli.jar COMMAND [ARGS...]\n")
			.contains("  check FILE.d...");
	}

	@Test
	void helpListsEveryCommand() {
		assertThat(run("help")).isZero();
		assertThat(text(this.out)).contains("  check FILE.d...", "  elf FILE.d -o OUT.so", "  dof FILE.d -o OUT.dof",
				"  fire FILE.d PROVIDER PROBE");
		assertThat(text(this.err)).isEmpty();
	}

	@Test
	void helpWithACommandPrintsWhatTheCommandsOwnHelpPrints() {
		assertThat(run("check", "--help")).isZero();
		String checkHelp = text(this.out);
		this.out.reset();
		assertThat(run("help", "check")).isZero();
		assertThat(text(this.out)).isEqualTo(checkHelp).startsWith("usage: java -jar usdt-cli.jar check FILE.d...");
		this.out.reset();
		assertThat(run("--help", "fire")).isZero();
		assertThat(text(this.out)).startsWith("usage: java -jar usdt-cli.jar fire ");
	}

	@Test
	void helpAboutHelpListsTheCommandsAndAnExtraArgumentIsAUsageError() {
		assertThat(run("help", "help")).isZero();
		assertThat(text(this.out)).startsWith("usage: java -jar usdt-cli.jar COMMAND [ARGS...]");
		this.out.reset();
		assertThat(run("help", "-h")).isZero();
		assertThat(text(this.out)).startsWith("usage: java -jar usdt-cli.jar COMMAND [ARGS...]");
		assertThat(run("help", "fire", "extra")).isEqualTo(UsdtCli.USAGE);
		assertThat(text(this.err)).startsWith("usdt help: unexpected argument 'extra'\n");
	}

	@Test
	void fileNamesAndValuesTypedOnTheCommandLineReachTheTerminalEscaped(@TempDir Path directory) {
		assertThat(run("elf", directory.resolve("a\u001b[1m.d").toString(), "-o", directory.resolve("x").toString()))
			.isEqualTo(UsdtCli.FAILED);
		assertThat(text(this.err)).contains("a\\x1b[1m.d: no such file or directory").doesNotContain("\u001b");
		this.err.reset();
		assertThat(run("check", directory.resolve("b\nc.d").toString())).isEqualTo(UsdtCli.FAILED);
		assertThat(text(this.err).lines()).hasSize(1).allMatch((line) -> line.contains("b\\x0ac.d: error: cannot read"));
		this.err.reset();
		assertThat(run("dof", "x.d", "-o", "y", "--os", "\u001b[1mfoo")).isEqualTo(UsdtCli.USAGE);
		assertThat(text(this.err)).contains("'\\x1b[1mfoo'").doesNotContain("\u001b");
	}

	@Test
	void elfNamesAFileWithoutProvidersEscaped(@TempDir Path directory) throws Exception {
		Path empty = Files.writeString(directory.resolve("e\u001b[1m.d"), "/* nothing yet */\n");
		assertThat(run("elf", empty.toString(), "-o", directory.resolve("x.so").toString())).isEqualTo(UsdtCli.FAILED);
		assertThat(text(this.err)).endsWith("e\\x1b[1m.d: error: no provider declared\n").doesNotContain("\u001b");
	}

	@Test
	void helpWithAnUnknownCommandIsAUsageError() {
		assertThat(run("help", "chek")).isEqualTo(UsdtCli.USAGE);
		assertThat(text(this.out)).isEmpty();
		assertThat(text(this.err)).startsWith("usdt help: no such command 'chek'\nusage: java -jar usdt-cli.jar");
	}

	@Test
	void anUnknownCommandIsAUsageError() {
		assertThat(run("chek", "orders.d")).isEqualTo(UsdtCli.USAGE);
		assertThat(text(this.err)).startsWith("usdt: unknown command 'chek'\nusage: java -jar usdt-cli.jar");
		this.err.reset();
		assertThat(run("\u001b[2J", "orders.d")).isEqualTo(UsdtCli.USAGE);
		assertThat(text(this.err)).startsWith("usdt: unknown command '\\x1b[2J'\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "elf", "dof" })
	void aProviderWithNothingToFireIsRefusedAsTheRuntimeRefusesIt(String command, @TempDir Path directory)
			throws Exception {
		Path file = Files.writeString(directory.resolve("shapes.d"), "provider shapes { probe area(double); };\n");
		Path output = directory.resolve("out");
		assertThat(run(command, file.toString(), "-o", output.toString())).isEqualTo(UsdtCli.FAILED);
		assertThat(text(this.err).lines()).contains(file + ":1:10: error: provider shapes has no probe this runtime can "
				+ "fire (each has more than 6 arguments or a floating-point one), so there is nothing to register");
		assertThat(text(this.out)).isEmpty();
		assertThat(output).doesNotExist();
	}

	private int run(String... args) {
		return new UsdtCli().run(List.of(args), new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private static String text(ByteArrayOutputStream stream) {
		return stream.toString(StandardCharsets.UTF_8);
	}

}
