package dev.usdt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.testsupport.Bpftrace;
import dev.usdt.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19: a JVM registers its probes, and fires them with string arguments while bpftrace
 * traces them, without loading any of JNA (its start cost more than the rest of the native work):
 * the trampoline library's JNI system calls and {@code System.load} do it all. The class-loading
 * log of a real second JVM says so, and bpftrace says the probes work.
 */
class JnaFreeStartupBpftraceTests {

	@TempDir
	Path tempDir;

	@Test
	void aJvmRegistersAndFiresTracedStringProbesWithoutLoadingJna() throws Exception {
		Bpftrace.assumeAvailable();
		Path definitions = this.tempDir.resolve("nojna.d");
		Files.writeString(definitions, "provider nojna { probe said(char *, int64_t); };\n");
		Path classLog = this.tempDir.resolve("classes.log");
		try (ChildJvm child = ChildJvm.fire(
				List.of(definitions.toString(), "nojna", "said", "without jna", "7", "--count", "100000",
						"--interval-ms", "5"),
				"-Dusdt.library-dir=" + this.tempDir.resolve("lib"), "-Xlog:class+load=info:file=" + classLog)) {
			try (Bpftrace bpftrace = Bpftrace.attach(child.pid(),
					"usdt:" + child.library() + ":nojna:said { printf(\"%s %d\\n\", str(arg0), arg1); exit(); }")) {
				Bpftrace.await(() -> !bpftrace.output().isEmpty(), Duration.ofSeconds(60), "a traced fire");
				assertThat(bpftrace.output()).as(bpftrace.transcript()).first().isEqualTo("without jna 7");
			}
			List<String> loaded = Files.readAllLines(classLog);
			assertThat(loaded).as("classes the child loaded").anyMatch((line) -> line.contains(" dev.usdt.nativeaccess.JniCalls "));
			assertThat(loaded).noneMatch((line) -> line.contains(" com.sun.jna."));
		}
	}

}
