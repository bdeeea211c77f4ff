package dev.usdt.processor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.parser.PreparsedDefinitions;
import dev.usdt.parser.ProviderParser;

import static org.assertj.core.api.Assertions.assertThat;

class DefinitionFileProcessorTests {

	private static final String ORDERS = "provider orders {\n\tprobe order__placed(char *id, int64_t cents);\n};\n";

	@TempDir
	Path temp;

	@Test
	void writesTheParsedFormNextToEveryProviderFileUnderUsdt() throws IOException {
		Path out = this.temp.resolve("classes");
		write(out.resolve("usdt/orders.d"), ORDERS);
		write(out.resolve("usdt/deep/queues.d"), "provider queues { probe depth(int32_t); };\n");
		write(out.resolve("elsewhere/other.d"), ORDERS);
		List<Diagnostic<? extends JavaFileObject>> diagnostics = compile(out);
		assertThat(diagnostics).filteredOn((d) -> d.getKind() != Diagnostic.Kind.NOTE).isEmpty();
		assertThat(PreparsedDefinitions.decode("usdt/orders.d", ORDERS,
				Files.readString(out.resolve("usdt/orders.d.parsed"))))
			.contains(ProviderParser.parse("usdt/orders.d", ORDERS));
		assertThat(Files.readString(out.resolve("usdt/deep/queues.d.parsed"))).startsWith("usdt-parsed\t1\tusdt/deep/queues.d\n");
		assertThat(out.resolve("elsewhere/other.d.parsed")).doesNotExist();
		// the name used to find the output is never written
		try (var files = Files.list(out.resolve("usdt"))) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.containsExactlyInAnyOrder("orders.d", "orders.d.parsed", "deep");
		}
	}

	@Test
	void aBrokenFileGetsAWarningWithItsPositionAndNoParsedForm() throws IOException {
		Path out = this.temp.resolve("classes");
		write(out.resolve("usdt/broken.d"), "provider broken {\n\tprobe a(int\n};\n");
		List<Diagnostic<? extends JavaFileObject>> diagnostics = compile(out);
		assertThat(diagnostics).filteredOn((d) -> d.getKind() == Diagnostic.Kind.WARNING)
			.singleElement()
			.satisfies((d) -> assertThat(d.getMessage(Locale.ROOT)).contains("application will not start", "usdt/broken.d:2:13: error: expected a type"));
		assertThat(out.resolve("usdt/broken.d.parsed")).doesNotExist();
	}

	@Test
	void aCompilationWithoutProviderFilesWritesNothing() throws IOException {
		Path out = this.temp.resolve("classes");
		Files.createDirectories(out);
		assertThat(compile(out)).filteredOn((d) -> d.getKind() != Diagnostic.Kind.NOTE).isEmpty();
		try (var files = Files.list(out)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactly("Plain.class");
		}
	}

	private List<Diagnostic<? extends JavaFileObject>> compile(Path out) throws IOException {
		Path source = write(this.temp.resolve("src/Plain.java"), "class Plain {}\n");
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
			List<String> options = List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
					"-processor", DefinitionFileProcessor.class.getName());
			Boolean compiled = compiler
				.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(source.toFile()))
				.call();
			assertThat(compiled).as(diagnostics.getDiagnostics().toString()).isTrue();
		}
		return diagnostics.getDiagnostics();
	}

	private static Path write(Path file, String text) throws IOException {
		Files.createDirectories(file.getParent());
		return Files.writeString(file, text);
	}

}
