package dev.usdt.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of a sample project from {@code src/it} in a temporary directory, built by a real
 * {@code mvn} against the artifacts {@code maven-invoker-plugin:install} put in
 * {@code target/it-repository}; everything else comes from the enclosing build's local repository.
 */
final class SampleProject {

	private final Path directory;

	private SampleProject(Path directory) {
		this.directory = directory;
	}

	static SampleProject copy(String name, Path target) throws IOException {
		Path source = Path.of("src", "it", name);
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.toList()) {
				Path copy = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(copy);
				}
				else {
					Files.writeString(copy, substitute(Files.readString(file)));
				}
			}
		}
		Files.writeString(target.resolve("settings.xml"), substitute(Files.readString(Path.of("src", "it", "settings.xml"))));
		return new SampleProject(target);
	}

	private static String substitute(String text) {
		return text.replace("@usdt.version@", System.getProperty("usdt.it.version"))
			.replace("@usdt.it.mirror@", Path.of(System.getProperty("usdt.it.mirror")).toUri().toString());
	}

	Path directory() {
		return this.directory;
	}

	void write(String file, String text) throws IOException {
		Files.writeString(this.directory.resolve(file), text, StandardCharsets.UTF_8);
	}

	/** Runs {@code mvn -B GOALS} in the project; the result holds its exit code and output. */
	Result mvn(String... goals) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-s", "settings.xml",
				"-Dmaven.repo.local=" + System.getProperty("usdt.it.repository")));
		command.addAll(List.of(goals));
		Path log = this.directory.resolve("build.log");
		Process process = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("mvn " + goals + " did not finish in 5 minutes: " + Files.readString(log));
		}
		return new Result(process.exitValue(), Files.readString(log));
	}

	record Result(int exitCode, String output) {

		/** The exit code and the last lines of the output, for assertion messages. */
		@Override
		public String toString() {
			List<String> lines = this.output.lines().toList();
			return "exit " + this.exitCode + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}

	}

}
