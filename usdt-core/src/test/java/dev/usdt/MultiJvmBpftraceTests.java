package dev.usdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.BackendKind;
import dev.usdt.testsupport.Bpftrace;
import dev.usdt.testsupport.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several JVMs with the same definitions on one machine, sharing one library directory: they map
 * the same file; {@code bpftrace -p PID} sees only that JVM's events and a system-wide trace by
 * library path sees all of them; a JVM that exits (or is killed) leaves the others' library in
 * place and traceable.
 */
class MultiJvmBpftraceTests {

	private static final Pattern PID_COUNT = Pattern.compile("@\\[(\\d+), (\\d+)\\]: (\\d+)");

	@TempDir
	Path tempDir;

	private Path definitions;

	private Path libraries;

	@BeforeEach
	void writeDefinitions() throws Exception {
		Bpftrace.assumeAvailable();
		this.definitions = this.tempDir.resolve("multi.d");
		Files.writeString(this.definitions, """
				provider multi {
					probe tick(int64_t);
				};
				""");
		this.libraries = this.tempDir.resolve("lib");
	}

	@Test
	void bpftraceByPidSeesOneJvmAndBpftraceByLibraryPathSeesThemAll() throws Exception {
		List<ChildJvm> children = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				children.add(child(i, "100000", "5"));
			}
			String library = children.get(0).library();
			assertThat(children).allSatisfy((child) -> assertThat(child.library()).isEqualTo(library));
			String program = "usdt:" + library + ":multi:tick { @[pid, arg0] = count(); }";
			ChildJvm traced = children.get(1);
			List<String> byPid;
			try (Bpftrace bpftrace = Bpftrace.attach(traced.pid(), program)) {
				Thread.sleep(1_500);
				byPid = bpftrace.stop();
			}
			assertThat(counts(byPid)).as("bpftrace -p %d printed %s", traced.pid(), byPid)
				.containsExactly(traced.pid() + ":1");
			List<String> systemWide;
			try (Bpftrace bpftrace = Bpftrace.attachSystemWide(program)) {
				Thread.sleep(1_500);
				systemWide = bpftrace.stop();
			}
			Set<String> all = new TreeSet<>();
			for (int i = 0; i < children.size(); i++) {
				all.add(children.get(i).pid() + ":" + i);
			}
			assertThat(counts(systemWide)).as("bpftrace by path printed %s", systemWide).isEqualTo(all);
		}
		finally {
			children.forEach(ChildJvm::close);
		}
	}

	@Test
	void aJvmThatExitsOrIsKilledLeavesTheSharedLibraryOfTheOtherInPlaceAndTraceable() throws Exception {
		try (UsdtRuntime runtime = UsdtRuntime.create(UsdtOptions.defaults()
			.withBackend(BackendKind.STAPSDT)
			.withStrict(true)
			.withLibraryDirectory(this.libraries))) {
			Provider provider = runtime.register(this.definitions).get(0);
			Path library = provider.library().orElseThrow();
			Probe tick = provider.probe("tick");
			long exitedPid;
			try (ChildJvm exiting = child(1, "20", "100")) {
				assertThat(exiting.library()).isEqualTo(library.toString());
				assertThat(mappedFiles(exiting.pid())).contains(library.toString());
				assertThat(mappedFiles(ProcessHandle.current().pid())).contains(library.toString());
				exitedPid = exiting.pid();
				assertThat(exiting.waitFor(Duration.ofSeconds(30))).isZero();
			}
			assertThat(library).exists();
			assertThat(lease(library, exitedPid)).doesNotExist();
			long killedPid;
			try (ChildJvm killed = child(2, "100000", "100")) {
				killedPid = killed.pid();
				assertThat(lease(library, killedPid)).exists();
			}
			Bpftrace.await(() -> ProcessHandle.of(killedPid).isEmpty(), Duration.ofSeconds(30), "the killed JVM to go");
			// SIGKILL runs no shutdown hook: the next JVM to open the directory sweeps its lease
			try (ChildJvm sweeping = child(3, "1", "0")) {
				sweeping.waitFor(Duration.ofSeconds(30));
			}
			assertThat(lease(library, killedPid)).doesNotExist();
			assertThat(lease(library, ProcessHandle.current().pid())).exists();
			assertThat(library).exists();
			// tick(0) until bpftrace prints "ready": its program is attached (the semaphore alone may
			// have been set by a tracer of an earlier test that is still detaching), then count tick(7)
			String program = "usdt:" + library + ":multi:tick /arg0 == 0/ { printf(\"ready\\n\"); }"
					+ " usdt:" + library + ":multi:tick /arg0 != 0/ { @[pid, arg0] = count(); }";
			try (Bpftrace bpftrace = Bpftrace.attach(runtime.pid(), program)) {
				Bpftrace.await(() -> {
					tick.fire(0);
					return bpftrace.output().contains("ready");
				}, Duration.ofSeconds(60), "bpftrace to see a tick; it printed " + bpftrace.output());
				for (int i = 0; i < 10; i++) {
					tick.fire(7);
				}
				assertThat(bpftrace.stop()).contains("@[" + runtime.pid() + ", 7]: 10");
			}
		}
	}

	private ChildJvm child(int index, String count, String intervalMs) throws Exception {
		return ChildJvm.fire(List.of(this.definitions.toString(), "multi", "tick", Integer.toString(index), "--count",
				count, "--interval-ms", intervalMs), "-Dusdt.library-dir=" + this.libraries);
	}

	/** {@code pid:arg0} of every {@code @[pid, arg0]: count} line with a count above zero. */
	private static Set<String> counts(List<String> output) {
		Set<String> keys = new TreeSet<>();
		for (String line : output) {
			Matcher matcher = PID_COUNT.matcher(line);
			if (matcher.matches() && Long.parseLong(matcher.group(3)) > 0) {
				keys.add(matcher.group(1) + ":" + matcher.group(2));
			}
		}
		return keys;
	}

	/** The lease file of the JVM with that pid ({@code <library>.<pid>-<random>.lease}), or a path that does not exist. */
	private static Path lease(Path library, long pid) throws IOException {
		String prefix = library.getFileName() + "." + pid + "-";
		try (Stream<Path> files = Files.list(library.getParent())) {
			return files.filter((file) -> file.getFileName().toString().startsWith(prefix))
				.filter((file) -> file.getFileName().toString().endsWith(".lease"))
				.findFirst()
				.orElse(library.resolveSibling(prefix + "none.lease"));
		}
	}

	private static String mappedFiles(long pid) throws Exception {
		return Files.readString(Path.of("/proc", Long.toString(pid), "maps"));
	}

}
