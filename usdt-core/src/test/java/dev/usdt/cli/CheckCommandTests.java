package dev.usdt.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code usdt check}: what it prints for valid and invalid files, and its exit status.
 */
class CheckCommandTests {

	@TempDir
	Path directory;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void listsProvidersAndProbesWithDeclaredTypes() throws IOException {
		Path file = write("orders.d", """
				provider orders {
					probe placed(char *name, uint64_t  id, const  char*);
					probe done(void);
				};
				provider payments { probe charged(int64_t); };
				""");
		assertThat(run("check", file.toString())).isZero();
		assertThat(out()).isEqualTo("""
				provider orders: 2 probes
				  placed(char *, uint64_t, const char *)
				  done()
				provider payments: 1 probe
				  charged(int64_t)
				""");
		assertThat(err()).isEmpty();
	}

	@Test
	void reportsProbesWithTooManyArgumentsAsOneLineWarningsAndStillSucceeds() throws IOException {
		Path file = write("wide.d", "provider vm {\n  probe entry(int, char *, int, char *, int, char *, int);\n};\n");
		assertThat(run("check", file.toString())).isZero();
		assertThat(out()).isEqualTo("provider vm: 1 probe\n  entry(int, char *, int, char *, int, char *, int)\n");
		assertThat(err()).isEqualTo(file + ":2:9: warning: probe 'entry' has 7 arguments, but at most 6 arguments "
				+ "are supported: it cannot be fired by this runtime\n" + file + ":1:10: warning: provider vm has no probe "
				+ "this runtime can fire (each has more than 6 arguments or a floating-point one), so it cannot be "
				+ "registered\n");
	}

	@Test
	void acceptsWhatRealProviderFilesContainWithOneLineWarnings() throws IOException {
		Path file = write("interp.d", """
				provider unused {
				};
				provider interp {
					probe enter(const char *, FrameRecord *);
				#ifdef INTERP_STACK_HELPER
				dtrace:helper:ustack: { stringof(this->buf) }
				#endif
				};
				""");
		assertThat(run("check", file.toString())).isZero();
		assertThat(out()).isEqualTo("provider interp: 1 probe\n  enter(const char *, FrameRecord *)\n");
		assertThat(err()).isEqualTo(file + ":1:10: warning: provider 'unused' declares no probes and is ignored; "
				+ "a provider needs at least one 'probe NAME(...);'\n" + file
				+ ":4:28: warning: unknown type 'FrameRecord' is passed as an opaque pointer; "
				+ "declare it with 'typedef struct FrameRecord FrameRecord;' to say so\n");
	}

	@Test
	void acceptsTheMissionsOwnProviderWithProbesNamedStartAndStop() throws IOException {
		Path file = write("test.d", "provider test { probe start(uint8_t); probe stop(char*, uint8_t); };\n");
		assertThat(run("check", file.toString())).isZero();
		assertThat(out()).isEqualTo("provider test: 2 probes\n  start(uint8_t)\n  stop(char *, uint8_t)\n");
		assertThat(err()).isEmpty();
	}

	@Test
	void listsFloatingPointProbesWithAOneLineWarningAndAcceptsAMissingFinalSemicolon() throws IOException {
		Path file = write("gfx.d", """
				typedef void (*draw_callback_t)(void *);
				provider gfx {
					probe scale(double, int);
					probe draw(draw_callback_t);
				}
				""");
		assertThat(run("check", file.toString())).isZero();
		assertThat(out()).isEqualTo("provider gfx: 2 probes\n  scale(double, int)\n  draw(draw_callback_t)\n");
		assertThat(err()).isEqualTo(file + ":3:8: warning: probe 'scale' takes a floating-point argument (argument 0: "
				+ "double), which USDT probes cannot pass: it cannot be fired by this runtime\n"
				+ file + ":5:2: warning: missing ';' after '}' of provider 'gfx' at the end of the file; accepted, but "
				+ "write '};'\n");
	}

	@Test
	void reportsEveryErrorWithItsPositionAndFails() throws IOException {
		Path file = write("broken.d", "provider orders {\n\tprobe placed(foo_t);\n}\nprovider more { probe b(); };\n");
		assertThat(run("check", file.toString())).isEqualTo(1);
		assertThat(out()).isEmpty();
		List<String> lines = err().lines().toList();
		assertThat(lines).filteredOn((line) -> line.startsWith(file.toString())).containsExactly(
				file + ":2:15: error: unknown type 'foo_t'; declare it with 'typedef TYPE foo_t;' or '#define foo_t TYPE'",
				file + ":3:2: error: expected ';' after '}' of provider 'orders'");
		assertThat(lines).contains("\tprobe placed(foo_t);", "\t             ^");
	}

	@Test
	void checksEveryFileEvenAfterAFailure() throws IOException {
		Path bad = write("bad.d", "provider b { probe a(mystery_t); };\n");
		Path good = write("good.d", "provider g { probe a(); };\n");
		assertThat(run("check", bad.toString(), good.toString())).isEqualTo(1);
		assertThat(out()).isEqualTo("provider g: 1 probe\n  a()\n");
		assertThat(err()).startsWith(bad + ":1:22: error: unknown type 'mystery_t'");
	}

	@Test
	void refusesAnEmptyNameAndAFileLargerThanAnyProviderFile() throws IOException {
		Path huge = this.directory.resolve("huge.d");
		try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
			sparse.setLength(64L * 1024 * 1024);
		}
		assertThat(run("check", "", huge.toString())).isEqualTo(1);
		assertThat(err()).isEqualTo("'': error: cannot read: empty file name\n"
				+ huge + ": error: cannot read: larger than 16 MiB, which no provider file is\n");
	}

	@Test
	void reportsAMissingFileAndContinues() throws IOException {
		Path good = write("good.d", "provider g { probe a(); };\n");
		String missing = this.directory.resolve("missing.d").toString();
		assertThat(run("check", missing, good.toString())).isEqualTo(1);
		assertThat(err()).isEqualTo(missing + ": error: cannot read: no such file or directory\n");
		assertThat(out()).isEqualTo("provider g: 1 probe\n  a()\n");
	}

	@Test
	void withoutFilesIsAUsageError() {
		assertThat(run("check")).isEqualTo(2);
		assertThat(err()).startsWith("usdt check: no files given\nusage: java -jar usdt-cli.jar check FILE.d...");
	}

	@Test
	void unknownOptionIsAUsageError() throws IOException {
		assertThat(run("check", "--verbose", write("g.d", "provider g { probe a(); };").toString())).isEqualTo(2);
		assertThat(err()).startsWith("usdt check: unknown option '--verbose'");
	}

	@Test
	void doubleDashAllowsFileNamesStartingWithADash() throws IOException {
		Path file = write("-odd.d", "provider g { probe a(); };\n");
		assertThat(run("check", "--", file.toString())).isZero();
		assertThat(out()).startsWith("provider g: 1 probe");
	}

	@Test
	void warnsAboutWhatIsValidButCannotBeRegistered() throws IOException {
		Path floats = write("floats.d", "provider floats { probe scale(double x); };\n");
		assertThat(run("check", floats.toString())).isZero();
		assertThat(err()).contains(floats + ":1:10: warning: provider floats has no probe this runtime can fire");
		Path empty = write("empty.d", "/* nothing yet */\n");
		this.err.reset();
		assertThat(run("check", empty.toString())).isZero();
		assertThat(err()).isEqualTo(empty + ": warning: no provider declared, so there is nothing to register\n");
	}

	@Test
	void helpPrintsUsageToStandardOutput() {
		assertThat(run("check", "--help")).isZero();
		assertThat(out()).startsWith("usage: java -jar usdt-cli.jar check FILE.d...");
	}

	private Path write(String name, String content) throws IOException {
		Path file = this.directory.resolve(name);
		Files.writeString(file, content);
		return file;
	}

	private int run(String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		return new UsdtCli().run(arguments, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
	}

}
