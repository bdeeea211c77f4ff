package dev.usdt.parser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreparsedDefinitionsTests {

	static Stream<String> styles() {
		return Stream.of("interpreter-style", "task-library-style", "jvm-style", "database-style",
				"display-server-style", "all-constructs");
	}

	@ParameterizedTest
	@MethodSource("styles")
	void realFilesComeBackAsTheParserMadeThem(String style) throws IOException {
		String text = read("styles/" + style + ".d");
		DefinitionFile parsed = ProviderParser.parse("usdt/" + style + ".d", text);
		String encoded = PreparsedDefinitions.encode(parsed, text);
		assertThat(PreparsedDefinitions.decode("usdt/" + style + ".d", text, encoded)).contains(parsed);
	}

	@Test
	void warningsAttributesUnnamedArgumentsAndHostileTextComeBack() {
		String text = "provider empty { };\nprovider shop {\n\tprobe a(char *, int64_t n);\t/* \\ tab\r */\n"
				+ "\tprobe many(int, int, int, int, int, int, int);\n\tprobe t(int x) : (long y);\n};\n"
				+ "#pragma D attributes Evolving/Evolving/Common provider shop provider\n";
		DefinitionFile parsed = ProviderParser.parse("shop.d", text);
		assertThat(parsed.warnings()).isNotEmpty();
		assertThat(parsed.providers().get(0).attributes()).isNotEmpty();
		String encoded = PreparsedDefinitions.encode(parsed, text);
		assertThat(encoded).doesNotContain("\r");
		assertThat(PreparsedDefinitions.decode("shop.d", text, encoded)).contains(parsed);
	}

	@Test
	void anotherTextNameOrFormatIsRefused() {
		String text = "provider shop { probe a(int); };\n";
		String encoded = PreparsedDefinitions.encode(ProviderParser.parse("shop.d", text), text);
		assertThat(PreparsedDefinitions.decode("shop.d", text.replace("int", "long"), encoded)).isEmpty();
		assertThat(PreparsedDefinitions.decode("other/shop.d", text, encoded)).isEmpty();
		assertThat(PreparsedDefinitions.decode("shop.d", text, encoded.replaceFirst("\t1\t", "\t0\t"))).isEmpty();
	}

	@Test
	void damagedFormIsRefused() {
		String text = "provider shop { probe a(int); };\n";
		String encoded = PreparsedDefinitions.encode(ProviderParser.parse("shop.d", text), text);
		assertThat(PreparsedDefinitions.decode("shop.d", text, encoded.replace("INT32", "NO_SUCH_KIND"))).isEmpty();
		assertThat(PreparsedDefinitions.decode("shop.d", text, encoded.replace("probe\ta", "unknown\ta"))).isEmpty();
		assertThat(PreparsedDefinitions.decode("shop.d", text, encoded.substring(0, encoded.length() / 2))).isEmpty();
		assertThat(PreparsedDefinitions.decode("shop.d", text, "")).isEmpty();
	}

	@Test
	void escapesRoundTrip() {
		String value = "a\\b\tc\nd\re\\t";
		assertThat(PreparsedDefinitions.escape(value)).doesNotContain("\t", "\n", "\r");
		assertThat(PreparsedDefinitions.unescape(PreparsedDefinitions.escape(value))).isEqualTo(value);
	}

	private static String read(String name) throws IOException {
		try (InputStream in = PreparsedDefinitionsTests.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
