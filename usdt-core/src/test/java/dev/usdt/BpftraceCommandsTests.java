package dev.usdt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command lines a user pastes into a root shell: a real {@code sh} reads each quoted word
 * back exactly, whatever it holds, and the library path is written the way bpftrace reads it.
 */
class BpftraceCommandsTests {

	@ParameterizedTest
	@ValueSource(strings = { "plain", "it's", "a b", "$HOME", "`id`", "$(id)", "line\nbreak", "\"q\"", "back\\slash",
			"'", "''", "*", "-e", "usdt:/tmp/x y/l.so:*", "; rm -rf /tmp/none", "é ü", "!{}~#&|<>", "" })
	void shellReadsEveryQuotedWordBackExactly(String word) throws Exception {
		assertThat(shell("printf '%s' " + BpftraceCommands.shellQuote(word))).isEqualTo(word);
	}

	@Test
	void plainWordsStayUnquotedAndOthersAreSingleQuoted() {
		assertThat(BpftraceCommands.shellQuote("/tmp/usdt-0/lib.so")).isEqualTo("/tmp/usdt-0/lib.so");
		assertThat(BpftraceCommands.shellQuote("usdt:*")).isEqualTo("'usdt:*'");
		assertThat(BpftraceCommands.shellQuote("it's")).isEqualTo("'it'\\''s'");
		assertThat(BpftraceCommands.shellQuote("")).isEqualTo("''");
	}

	@Test
	void libraryPathIsBareQuotedOrLeftToTheProcessSearch() {
		assertThat(BpftraceCommands.attachPoint(Path.of("/tmp/usdt-0/usdt-orders-1f.so"), "orders", "placed"))
			.isEqualTo("usdt:/tmp/usdt-0/usdt-orders-1f.so:orders:placed");
		assertThat(BpftraceCommands.attachPoint(Path.of("/tmp/it's a \"$x\"/l.so"), "orders", "placed"))
			.isEqualTo("usdt:\"/tmp/it's a \\\"$x\\\"/l.so\":orders:placed");
		assertThat(BpftraceCommands.attachPoint(Path.of("/tmp/back\\slash/l.so"), "orders", "placed"))
			.isEqualTo("usdt:/tmp/back\\slash/l.so:orders:placed");
		for (String unreadable : List.of("/tmp/new\nline/l.so", "/tmp/back\\slash and space/l.so", "/tmp/glob*/l.so")) {
			assertThat(BpftraceCommands.attachPoint(Path.of(unreadable), "orders", "placed"))
				.isEqualTo("usdt:*:orders:placed");
		}
		assertThat(BpftraceCommands.attachPoint(null, "orders", "placed")).isEqualTo("usdt:*:orders:placed");
	}

	@Test
	void bpftraceCannotNameAPathWithAControlCharacter() {
		assertThat(BpftraceCommands.canName(Path.of("/tmp/it's a \"$x\" `y` \\z/l.so"))).isTrue();
		assertThat(BpftraceCommands.canName(Path.of("/tmp/new\nline/l.so"))).isFalse();
		assertThat(BpftraceCommands.canName(Path.of("/tmp/tab\tbed/l.so"))).isFalse();
	}

	@Test
	void listingFallsBackToTheProcessWhenThePathCannotBeWritten() {
		assertThat(BpftraceCommands.listProbes(42, Path.of("/tmp/usdt-0/l.so")))
			.isEqualTo("bpftrace -l 'usdt:/tmp/usdt-0/l.so:*'");
		assertThat(BpftraceCommands.listProbes(42, Path.of("/tmp/it's/l.so")))
			.isEqualTo("bpftrace -l 'usdt:\"/tmp/it'\\''s/l.so\":*'");
		assertThat(BpftraceCommands.listProbes(42, Path.of("/tmp/new\nline/l.so")))
			.isEqualTo("bpftrace -p 42 -l 'usdt:*'");
		assertThat(BpftraceCommands.listProbes(42, null)).isEqualTo("bpftrace -p 42 -l 'usdt:*'");
	}

	private static String shell(String command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
		return output;
	}

}
