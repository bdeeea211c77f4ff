package dev.usdt.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import dev.usdt.parser.DefinitionException;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.DefinitionProblem;
import dev.usdt.parser.JavaNames;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.ProviderParser;

/**
 * Generates one {@code XxxProbes} class per provider of every {@code **&#47;*.d} file below
 * {@link #definitions}, into {@code target/generated-sources/usdt}, and adds that directory as a
 * source root: {@code mvn compile} parses the files, generates and compiles. A file with errors
 * fails the build with the parser's {@code FILE:LINE:COL: error: MESSAGE} lines.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

	/** The directory searched for {@code .d} files, recursively. */
	@Parameter(property = "usdt.definitions", defaultValue = "${project.basedir}/src/main/resources/usdt",
			required = true)
	private File definitions;

	/** The package of the generated classes, e.g. {@code shop.probes}. */
	@Parameter(property = "usdt.packageName", required = true)
	private String packageName;

	/** Where the generated sources go; added as a compile source root. */
	@Parameter(defaultValue = "${project.build.directory}/generated-sources/usdt", required = true)
	private File outputDirectory;

	@Parameter(defaultValue = "${project}", readonly = true, required = true)
	private MavenProject project;

	@Override
	public void execute() throws MojoExecutionException, MojoFailureException {
		checkPackageName();
		Path root = this.definitions.toPath();
		List<Path> files = definitionFiles(root);
		if (files.isEmpty()) {
			getLog().warn("No .d files below " + root + "; no USDT probe classes generated");
		}
		List<DefinitionProblem> errors = new ArrayList<>();
		Map<String, ProbesClassSource> classes = new HashMap<>();
		for (Path file : files) {
			for (ProviderDefinition provider : parse(file, errors)) {
				ProbesClassSource source = new ProbesClassSource(this.packageName, provider,
						root.relativize(file).toString());
				report(source.problems(), errors);
				ProbesClassSource other = classes.putIfAbsent(source.className(), source);
				if (other != null) {
					errors.add(new DefinitionProblem(DefinitionProblem.Severity.ERROR, provider.location(),
							"provider '" + provider.name() + "' becomes class " + source.className()
									+ ", which another provider declared before; rename one",
							""));
				}
			}
		}
		if (!errors.isEmpty()) {
			throw new MojoFailureException("USDT definition files have errors:\n"
					+ errors.stream().map(DefinitionProblem::summary).collect(java.util.stream.Collectors.joining("\n")));
		}
		Path packageDirectory = this.outputDirectory.toPath().resolve(this.packageName.replace('.', '/'));
		for (ProbesClassSource source : classes.values()) {
			write(packageDirectory.resolve(source.className() + ".java"), source.render());
		}
		this.project.addCompileSourceRoot(this.outputDirectory.getPath());
		getLog().info("Generated " + classes.size() + " USDT probe class(es) in " + this.packageName + " from "
				+ files.size() + " .d file(s)");
	}

	private void checkPackageName() throws MojoFailureException {
		if (this.packageName == null || this.packageName.isBlank()
				|| !Stream.of(this.packageName.split("\\.", -1)).allMatch(JavaNames::isIdentifier)) {
			throw new MojoFailureException("usdt-maven-plugin: packageName '" + this.packageName
					+ "' is not a Java package name; set <packageName>, e.g. com.example.probes");
		}
	}

	private List<Path> definitionFiles(Path root) throws MojoExecutionException {
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> walk = Files.walk(root)) {
			return walk.filter((path) -> path.toString().endsWith(".d") && Files.isRegularFile(path)).sorted().toList();
		}
		catch (IOException ex) {
			throw new MojoExecutionException("Cannot list .d files below " + root + ": " + ex.getMessage(), ex);
		}
	}

	private List<ProviderDefinition> parse(Path file, List<DefinitionProblem> errors) throws MojoExecutionException {
		try {
			DefinitionFile parsed = ProviderParser.parse(file.toAbsolutePath());
			parsed.warnings().forEach((warning) -> getLog().warn(warning.format()));
			return parsed.providers();
		}
		catch (DefinitionException ex) {
			report(ex.problems(), errors);
			return List.of();
		}
		catch (IOException ex) {
			throw new MojoExecutionException("Cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	private void report(List<DefinitionProblem> problems, List<DefinitionProblem> errors) {
		for (DefinitionProblem problem : problems) {
			if (problem.severity() == DefinitionProblem.Severity.ERROR) {
				getLog().error(problem.format());
				errors.add(problem);
			}
			else {
				getLog().warn(problem.format());
			}
		}
	}

	/** Writes only what changed, so the compiler's up-to-date check keeps working. */
	private static void write(Path file, String text) throws MojoExecutionException {
		try {
			Files.createDirectories(file.getParent());
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
				Files.write(file, bytes);
			}
		}
		catch (IOException ex) {
			throw new MojoExecutionException("Cannot write " + file + ": " + ex.getMessage(), ex);
		}
	}

}
