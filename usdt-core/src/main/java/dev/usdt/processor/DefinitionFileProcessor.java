package dev.usdt.processor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

import dev.usdt.parser.DefinitionException;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.PreparsedDefinitions;
import dev.usdt.parser.ProviderParser;

/**
 * Parses the provider files the build has copied to the class output ({@code usdt/**}{@code /*.d},
 * where the Spring Boot starter looks by default) and writes each one's parsed form next to it
 * ({@code usdt/orders.d.parsed}), so the application starts without loading the parser
 * ({@code docs/d-language.md §9}). A file with errors gets none: the application reports them
 * when it starts, and the build warns now. Runs once per compilation, whatever it compiles; claims
 * no annotation.
 */
@SupportedAnnotationTypes("*")
public class DefinitionFileProcessor extends AbstractProcessor {

	/** Where the starter's default {@code usdt.definitions} pattern looks. */
	private static final String DIRECTORY = "usdt";

	private boolean done;

	@Override
	public SourceVersion getSupportedSourceVersion() {
		return SourceVersion.latestSupported();
	}

	@Override
	public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
		if (!this.done) {
			this.done = true;
			Path output = classOutput();
			if (output != null && Files.isDirectory(output.resolve(DIRECTORY))) {
				definitionFiles(output).forEach((file) -> writeParsed(output, file));
			}
		}
		return false;
	}

	/** The class output directory, if it is one (not a jar, not in memory). */
	private Path classOutput() {
		try {
			// Named, never opened (so never written): the only portable way to learn where the output is
			FileObject unwritten = this.processingEnv.getFiler()
				.createResource(StandardLocation.CLASS_OUTPUT, "", DIRECTORY + "/.located-by-usdt");
			URI uri = unwritten.toUri();
			return "file".equals(uri.getScheme()) ? Path.of(uri).getParent().getParent() : null;
		}
		catch (IOException | RuntimeException ex) {
			// Another compiler's Filer (an IDE's) may not offer this: the application parses then
			return null;
		}
	}

	private static List<Path> definitionFiles(Path output) {
		try (Stream<Path> files = Files.walk(output.resolve(DIRECTORY))) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".d") && Files.isRegularFile(file))
				.sorted()
				.toList();
		}
		catch (IOException | UncheckedIOException ex) {
			return List.of();
		}
	}

	private void writeParsed(Path output, Path file) {
		// The name the starter gives a file found once on the class path
		String name = output.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
		try {
			String text = Files.readString(file, StandardCharsets.UTF_8);
			DefinitionFile parsed = ProviderParser.parse(name, text);
			FileObject target = this.processingEnv.getFiler()
				.createResource(StandardLocation.CLASS_OUTPUT, "", name + PreparsedDefinitions.SUFFIX);
			try (OutputStream out = target.openOutputStream()) {
				out.write(PreparsedDefinitions.encode(parsed, text).getBytes(StandardCharsets.UTF_8));
			}
		}
		catch (DefinitionException ex) {
			this.processingEnv.getMessager()
				.printMessage(Diagnostic.Kind.WARNING, "USDT provider file with errors, the application will not start"
						+ " with it:" + System.lineSeparator() + ex.getMessage());
		}
		catch (IOException | RuntimeException ex) {
			// Not written (unreadable, written already in this compilation, or a parser failure that is
			// not the file's fault): the application parses it, and a build never fails for this
		}
	}

}
