package dev.usdt.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.parser.DefinitionProblem;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.ProviderParser;

import static org.assertj.core.api.Assertions.assertThat;

/** What the plugin generates for a provider, and which names it refuses, without running Maven. */
class ProbesClassSourceTests {

	@TempDir
	Path tempDir;

	private static ProbesClassSource source(String d) {
		ProviderDefinition provider = ProviderParser.parse("shop.d", d).providers().get(0);
		return new ProbesClassSource("shop.probes", provider, "shop.d");
	}

	@Test
	void everyArgumentTypeGetsItsJavaTypeAndTheClassCompiles() throws IOException {
		ProbesClassSource source = source("""
				provider hidden_shop {
				    probe order__placed(char *id, int64_t cents);
				    probe widths(int8_t a, uint8_t b, int16_t c, uint16_t d, uint32_t e, uint64_t f);
				    probe mixed(char *a, char *b, int32_t c, char *d, int64_t e);
				    probe nothing();
				};
				""");
		assertThat(source.problems()).isEmpty();
		assertThat(source.className()).isEqualTo("HiddenShopProbes");
		String java = source.render();
		assertThat(java).contains("public static void orderPlaced(String id, long cents)",
				"public static boolean isOrderPlacedEnabled()",
				"public static void widths(byte a, short b, short c, int d, long e, long f)",
				"public static void mixed(String a, String b, int c, String d, long e)",
				"MIXED.probe().fireArgs(a, b, c, d, e);", "public static void nothing()");
		Path file = this.tempDir.resolve("shop/probes/HiddenShopProbes.java");
		Files.createDirectories(file.getParent());
		Files.writeString(file, java);
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		int status = javac.run(null, null, null, "-d", this.tempDir.resolve("classes").toString(), "-cp",
				System.getProperty("java.class.path"), file.toString());
		assertThat(status).as("javac exit status").isZero();
	}

	@Test
	void probesThatBecomeTheSameMethodAreAnErrorAtTheSecondProbe() {
		ProbesClassSource source = source("""
				provider orders {
				    probe order__placed(int32_t a);
				    probe order_placed(int32_t a);
				};
				""");
		assertThat(source.problems()).extracting(DefinitionProblem::summary)
			.containsExactly("shop.d:3:11: error: probes 'order__placed' (shop.d:2:11) and 'order_placed' both become "
					+ "the Java method orderPlaced; rename one",
					"shop.d:3:11: error: probes 'order__placed' (shop.d:2:11) and 'order_placed' both become "
							+ "the Java method isOrderPlacedEnabled; rename one");
	}

	@Test
	void probeThatCannotBeFiredGetsNoMethodAndAWarning() {
		ProbesClassSource source = source("""
				provider orders {
				    probe wide(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g);
				};
				""");
		List<DefinitionProblem> problems = source.problems();
		assertThat(problems).singleElement()
			.satisfies((problem) -> assertThat(problem.summary()).startsWith("shop.d:2:11: warning: probe 'wide' has 7 arguments"));
		assertThat(source.render()).doesNotContain("public static void wide");
	}

}
