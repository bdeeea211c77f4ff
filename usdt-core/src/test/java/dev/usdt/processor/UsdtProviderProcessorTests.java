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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names a {@code @UsdtProvider} interface gives that no tracer could show are compile errors at
 * the interface or the method, like its other mistakes, rather than failures of the first bind.
 */
class UsdtProviderProcessorTests {

	@TempDir
	Path temp;

	@Test
	void providerNameThatIsNotAnIdentifierIsACompileErrorAtTheInterface() throws IOException {
		List<String> errors = compileErrors("""
				package shop;

				@dev.usdt.UsdtProvider("order-events")
				public interface OrderEvents {
					void placed(long cents);
				}
				""");
		assertThat(errors).singleElement().asString()
			.contains("@UsdtProvider(\"order-events\") is not an identifier: it must start with a letter or '_' and contain only letters, digits and '_' (for example 'order_events')");
	}

	@Test
	void probeNameThatIsNotAnIdentifierIsACompileErrorAtTheMethod() throws IOException {
		List<String> errors = compileErrors("""
				package shop;

				@dev.usdt.UsdtProvider("orders")
				public interface OrderEvents {
					@dev.usdt.ProbeName("order placed")
					void placed(long cents);
				}
				""");
		assertThat(errors).singleElement().asString()
			.contains("USDT probe method placed: @ProbeName(\"order placed\") is not an identifier");
	}

	private List<String> compileErrors(String source) throws IOException {
		Path file = Files.createDirectories(this.temp.resolve("src/shop")).resolve("OrderEvents.java");
		Files.writeString(file, source);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
			List<String> options = List.of("-d", Files.createDirectories(this.temp.resolve("classes")).toString(), "-s",
					Files.createDirectories(this.temp.resolve("generated")).toString(), "-classpath",
					System.getProperty("java.class.path"), "-processor", UsdtProviderProcessor.class.getName());
			compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(List.of(file)))
				.call();
		}
		return diagnostics.getDiagnostics()
			.stream()
			.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
			.map((diagnostic) -> diagnostic.getMessage(Locale.ROOT))
			.toList();
	}

}
