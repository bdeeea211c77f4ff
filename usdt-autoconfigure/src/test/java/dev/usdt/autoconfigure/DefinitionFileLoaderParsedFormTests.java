package dev.usdt.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.PreparsedDefinitions;
import dev.usdt.parser.ProviderDefinition;
import dev.usdt.parser.ProviderParser;

import static org.assertj.core.api.Assertions.assertThat;

/** The parsed form the annotation processor writes next to a provider file (docs/d-language.md §9). */
class DefinitionFileLoaderParsedFormTests {

	private static final String ORDERS = "provider orders { probe order__placed(char *id, int64_t cents); };\n";

	@TempDir
	Path directory;

	@Test
	void parsedFormOfTheSameTextIsUsedInsteadOfTheParser() throws IOException {
		Path file = Files.writeString(this.directory.resolve("orders.d"), ORDERS);
		String name = file.toString();
		// Made from the same text and name, but naming the provider differently: proves which was read
		DefinitionFile built = ProviderParser.parse(name, ORDERS.replace("orders", "built"));
		Files.writeString(this.directory.resolve("orders.d" + PreparsedDefinitions.SUFFIX),
				PreparsedDefinitions.encode(built, ORDERS));
		assertThat(providerNames(load())).containsExactly("built");
	}

	@Test
	void parsedFormOfAnOlderTextIsIgnored() throws IOException {
		Path file = Files.writeString(this.directory.resolve("orders.d"), ORDERS);
		String older = ORDERS.replace("orders", "older");
		Files.writeString(this.directory.resolve("orders.d" + PreparsedDefinitions.SUFFIX),
				PreparsedDefinitions.encode(ProviderParser.parse(file.toString(), older), older));
		assertThat(providerNames(load())).containsExactly("orders");
	}

	@Test
	void damagedParsedFormIsIgnored() throws IOException {
		Files.writeString(this.directory.resolve("orders.d"), ORDERS);
		Files.writeString(this.directory.resolve("orders.d" + PreparsedDefinitions.SUFFIX), "usdt-parsed\tnonsense");
		assertThat(providerNames(load())).containsExactly("orders");
	}

	private List<DefinitionFile> load() {
		return new DefinitionFileLoader(new PathMatchingResourcePatternResolver())
			.load(List.of("file:" + this.directory + "/*.d"));
	}

	private static List<String> providerNames(List<DefinitionFile> files) {
		return files.stream().flatMap((file) -> file.providers().stream()).map(ProviderDefinition::name).toList();
	}

}
