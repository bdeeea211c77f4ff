package dev.usdt.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.stapsdt.ElfArchitecture;

import static org.assertj.core.api.Assertions.assertThat;

class ElfCommandTests {

	private static final String PROVIDERS = """
			provider myprov {
				probe request(int64_t, uint64_t);
				probe tick(int64_t);
			};

			provider shop {
				probe order__placed(char *, uint64_t);
			};
			""";

	/** e_machine sits at offset 18 of the ELF header. */
	private static final int E_MACHINE = 18;

	@TempDir
	Path directory;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void writesTheSharedObjectAndSaysWhatItWrote() throws IOException {
		Path input = file("probes.d", PROVIDERS);
		Path output = this.directory.resolve("probes.so");
		assertThat(run("elf", input.toString(), "-o", output.toString(), "--arch", "x86_64")).isZero();
		assertThat(stdout()).isEqualTo("wrote " + output + " (x86_64): 2 providers, 3 probes\n");
		assertThat(stderr()).isEmpty();
		byte[] library = Files.readAllBytes(output);
		assertThat(library).startsWith(0x7f, 'E', 'L', 'F');
		assertThat(library[E_MACHINE]).isEqualTo((byte) 62);
	}

	@Test
	void aFailedWriteNamesTheOutputFile() throws IOException {
		Path input = file("probes.d", PROVIDERS);
		assertThat(run("elf", input.toString(), "-o", "/dev/full")).isEqualTo(1);
		assertThat(stderr()).isEqualTo("usdt elf: error: /dev/full: No space left on device\n");
	}

	@Test
	void archOptionSelectsAarch64() throws IOException {
		Path output = this.directory.resolve("probes.so");
		assertThat(run("elf", file("probes.d", PROVIDERS).toString(), "--arch", "aarch64", "-o", output.toString()))
			.isZero();
		assertThat(Files.readAllBytes(output)[E_MACHINE]).isEqualTo((byte) 183);
	}

	@Test
	void architectureDefaultsToThisMachineElseX86() throws IOException {
		Path output = this.directory.resolve("probes.so");
		assertThat(run("elf", file("probes.d", PROVIDERS).toString(), "-o", output.toString())).isZero();
		ElfArchitecture expected = ElfArchitecture.current().orElse(ElfArchitecture.X86_64);
		assertThat(Files.readAllBytes(output)[E_MACHINE]).isEqualTo((byte) expected.machine());
	}

	@Test
	void probesWithTooManyArgumentsAreReportedAsLeftOut() throws IOException {
		Path input = file("wide.d", """
				provider wide {
					probe ok(int);
					probe seven(int, int, int, int, int, int, int);
				};
				""");
		Path output = this.directory.resolve("wide.so");
		assertThat(run("elf", input.toString(), "-o", output.toString(), "--arch", "x86_64")).isZero();
		assertThat(stdout()).isEqualTo("wrote " + output
				+ " (x86_64): 1 provider, 1 probe; left out 1 probe that cannot be fired\n");
	}

	@Test
	void parseErrorsArePrintedWithTheirLocationAndExitOne() throws IOException {
		Path input = file("broken.d", "provider broken {\n\tprobe p(int64_t)\n};\n");
		Path output = this.directory.resolve("broken.so");
		assertThat(run("elf", input.toString(), "-o", output.toString())).isEqualTo(1);
		assertThat(stderr().lines()).isNotEmpty()
			.allMatch((line) -> line.matches(".*broken\\.d:\\d+:\\d+: (error|warning): .*"));
		assertThat(output).doesNotExist();
	}

	@Test
	void missingInputFileExitsOne() {
		Path input = this.directory.resolve("absent.d");
		assertThat(run("elf", input.toString(), "-o", this.directory.resolve("x.so").toString())).isEqualTo(1);
		assertThat(stderr()).isEqualTo("usdt elf: error: " + input + ": no such file or directory\n");
	}

	@Test
	void missingOutputIsAUsageError() throws IOException {
		assertThat(run("elf", file("probes.d", PROVIDERS).toString())).isEqualTo(2);
		assertThat(stderr()).startsWith("usdt elf: missing -o OUT.so\nusage: java -jar usdt-cli.jar elf FILE.d -o OUT.so");
	}

	@Test
	void missingInputIsAUsageError() {
		assertThat(run("elf", "-o", "x.so")).isEqualTo(2);
		assertThat(stderr()).startsWith("usdt elf: missing FILE.d\n");
	}

	@Test
	void unknownArchitectureIsAUsageError() {
		assertThat(run("elf", "a.d", "-o", "a.so", "--arch", "sparc")).isEqualTo(2);
		assertThat(stderr()).contains("Unsupported architecture 'sparc': expected x86_64 or aarch64");
	}

	@Test
	void unknownOptionAndMissingValuesAreUsageErrors() {
		assertThat(run("elf", "a.d", "-o", "a.so", "--fast")).isEqualTo(2);
		assertThat(stderr()).contains("unknown option '--fast'");
		assertThat(run("elf", "a.d", "-o")).isEqualTo(2);
		assertThat(stderr()).contains("-o needs a value");
		assertThat(run("elf", "a.d", "b.d", "-o", "a.so")).isEqualTo(2);
		assertThat(stderr()).contains("one FILE.d only");
	}

	@Test
	void helpPrintsTheUsage() {
		assertThat(run("elf", "--help")).isZero();
		assertThat(stdout()).startsWith("usage: java -jar usdt-cli.jar elf FILE.d -o OUT.so [--arch x86_64|aarch64]");
	}

	private int run(String... arguments) {
		this.out.reset();
		this.err.reset();
		return new UsdtCli().run(new ArrayList<>(List.of(arguments)),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String stdout() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String stderr() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	private Path file(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content);
	}

}
