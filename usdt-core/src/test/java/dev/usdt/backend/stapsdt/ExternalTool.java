package dev.usdt.backend.stapsdt;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.usdt.testsupport.Bpftrace;

/** Runs a real tracer or ELF tool on a written file; tests skip with the tool's name when it is absent. */
final class ExternalTool {

	private static final long TIMEOUT_SECONDS = 60;

	record Result(int exitCode, String output) {
	}

	private final String name;

	private final Path executable;

	private ExternalTool(String name, Path executable) {
		this.name = name;
		this.executable = executable;
	}

	/** The tool on the PATH, or a skipped test that names it (a failure under {@code USDT_REQUIRE_TRACERS=true}). */
	static ExternalTool require(String name) {
		Path found = null;
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (found == null && Files.isExecutable(candidate)) {
				found = candidate;
			}
		}
		Bpftrace.assumeTool(found != null, name + " is not installed (not on the PATH)");
		return new ExternalTool(name, found);
	}

	/** Skips the test unless the JVM runs as root (bpftrace and tplist need it). */
	static void requireRoot(String why) throws IOException, InterruptedException {
		Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
		String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		id.waitFor();
		Bpftrace.assumeTool(uid.equals("0"), why + " needs root (uid is " + uid + ")");
	}

	/** Runs the tool with stdout and stderr merged. */
	Result run(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(this.executable.toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(this.name + " did not finish within " + TIMEOUT_SECONDS + " s");
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

}
