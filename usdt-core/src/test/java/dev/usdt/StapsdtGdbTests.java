package dev.usdt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.testsupport.Bpftrace;
import dev.usdt.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gdb sees and stops at the probes of a running JVM ({@code break -probe-stap}) and reads their
 * arguments; gdb arms the semaphore itself, so the guarded probe fires only while gdb is attached.
 */
class StapsdtGdbTests {

	@TempDir
	Path tempDir;

	@Test
	void gdbStopsAtProbeAndReadsArguments() throws Exception {
		Bpftrace.assumeTool("root".equals(System.getProperty("user.name")) && Bpftrace.onPath("gdb"),
				"gdb end-to-end test skipped: needs root and gdb on the PATH (apt-get install -y gdb)");
		Path definitions = this.tempDir.resolve("gdbtest.d");
		Files.writeString(definitions, "provider gdbtest { probe request(int64_t, char *); };\n");
		try (ChildJvm child = ChildJvm.fire(List.of(definitions.toString(), "gdbtest", "request", "-42", "hello gdb",
				"--count", "2000", "--interval-ms", "5"), "-Dusdt.library-dir=" + this.tempDir.resolve("lib"))) {
			List<String> command = new ArrayList<>(List.of("gdb", "-q", "-batch", "-nx", "-p", Long.toString(child.pid())));
			for (String signal : List.of("SIGSEGV", "SIGILL", "SIGBUS", "SIGFPE", "SIGUSR2", "SIGQUIT")) {
				command.addAll(List.of("-ex", "handle " + signal + " nostop noprint pass"));
			}
			command.addAll(List.of("-ex", "info probes stap gdbtest", "-ex", "break -probe-stap gdbtest:request", "-ex",
					"continue", "-ex",
					"printf \"argc=%d arg0=%ld arg1=%s\\n\", $_probe_argc, $_probe_arg0, (char *) $_probe_arg1", "-ex",
					"delete", "-ex", "detach"));
			Process gdb = new ProcessBuilder(command).redirectErrorStream(true).start();
			assertThat(gdb.waitFor(120, TimeUnit.SECONDS)).as("gdb finished").isTrue();
			String output = new String(gdb.getInputStream().readAllBytes());
			assertThat(output).contains("gdbtest  request").contains(child.library());
			assertThat(output).contains("argc=2 arg0=-42 arg1=hello gdb");
			assertThat(child.waitFor(Duration.ofSeconds(60))).isZero();
		}
	}

}
