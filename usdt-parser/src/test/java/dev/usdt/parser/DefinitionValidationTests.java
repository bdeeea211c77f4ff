package dev.usdt.parser;

import org.junit.jupiter.api.Test;

import static dev.usdt.parser.SyntaxErrorTests.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The rules beyond syntax: types, names, duplicates and limits.
 */
class DefinitionValidationTests {

	@Test
	void unknownTypeSaysHowToDeclareIt() {
		assertThat(errors("provider p {\n  probe a(char *, foo_t);\n};\n")).containsExactly(
				"test.d:2:19: error: unknown type 'foo_t'; declare it with 'typedef TYPE foo_t;' or '#define foo_t TYPE'");
	}

	@Test
	void unknownTypeInsideAnAliasIsReportedWhereTheAliasIsUsed() {
		assertThat(errors("#define my_t weird_t\nprovider p { probe a(my_t); };\n")).containsExactly(
				"test.d:2:22: error: unknown type 'weird_t'; declare it with 'typedef TYPE weird_t;' or '#define weird_t TYPE'");
	}

	@Test
	void aliasThatReferencesItselfIsAnError() {
		assertThat(errors("typedef loop_t loop_t;\nprovider p { probe a(loop_t); };\n"))
			.containsExactly("test.d:2:22: error: typedefs are circular: loop_t -> loop_t");
		assertThat(errors("typedef a_t b_t;\ntypedef b_t *c_t;\ntypedef c_t a_t;\nprovider p { probe x(b_t); };\n"))
			.containsExactly("test.d:4:22: error: typedefs are circular: c_t -> b_t -> a_t -> c_t");
		StringBuilder chain = new StringBuilder("typedef int t0;\n");
		for (int i = 1; i <= 40; i++) {
			chain.append("typedef t").append(i - 1).append(" t").append(i).append(";\n");
		}
		assertThat(errors(chain + "provider p { probe a(t40); };\n"))
			.containsExactly("test.d:42:22: error: typedef 't8' is nested too deeply");
		assertThat(errors("#define a_t b_t\n#define b_t a_t\nprovider p { probe a(a_t); };\n"))
			.containsExactly("test.d:3:22: error: unknown type 'a_t'; declare it with 'typedef TYPE a_t;' or '#define a_t TYPE'");
	}

	@Test
	void invalidTypeWordCombinations() {
		assertThat(errors("provider p { probe a(short long, signed unsigned, char int, uint8_t int); };\n")).containsExactly(
				"test.d:1:22: error: invalid combination of type words: 'short long'",
				"test.d:1:34: error: invalid combination of type words: 'signed unsigned'",
				"test.d:1:51: error: invalid combination of type words: 'char int'",
				"test.d:1:69: error: invalid combination of type words: 'int' with 'uint8_t'");
	}

	@Test
	void structsAndVoidCannotBePassedByValue() {
		assertThat(errors("provider p { probe x(struct foo, int, void); };\n")).containsExactly(
				"test.d:1:22: error: 'struct foo' is passed by value; a probe can only take a pointer to it ('struct foo *')",
				"test.d:1:39: error: 'void' is only allowed as the whole argument list '(void)' or as a pointer 'void *'");
	}

	@Test
	void floatingPointWordsInAnImpossibleCombinationAreErrors() {
		assertThat(errors("provider p { probe x(unsigned double, long float, short double); };\n")).containsExactly(
				"test.d:1:22: error: invalid combination of type words: 'unsigned double'",
				"test.d:1:39: error: invalid combination of type words: 'long float'",
				"test.d:1:51: error: invalid combination of type words: 'short double'");
	}

	@Test
	void duplicateProbeInAProvider() {
		assertThat(errors("provider orders {\n\tprobe placed(int);\n\tprobe placed(long);\n};\n")).containsExactly(
				"test.d:3:8: error: duplicate probe 'placed' in provider 'orders' (first declared at line 2)");
	}

	@Test
	void sameProbeNameInTwoProvidersIsFine() {
		assertThat(ProviderParser.parse("t.d", "provider a { probe x(); };\nprovider b { probe x(); };\n").providers())
			.hasSize(2);
	}

	@Test
	void duplicateProviderInAFile() {
		assertThat(errors("provider orders { probe a(); };\nprovider orders { probe b(); };\n"))
			.containsExactly("test.d:2:10: error: duplicate provider 'orders' (first declared at line 1)");
	}

	@Test
	void providerWithoutProbesIsLeftOutWithAWarning() {
		DefinitionFile file = ProviderParser.parse("test.d", "provider empty { };\nprovider full { probe a(); };\n");
		assertThat(file.providers()).extracting(ProviderDefinition::name).containsExactly("full");
		assertThat(file.warnings()).extracting(DefinitionProblem::summary).containsExactly(
				"test.d:1:10: warning: provider 'empty' declares no probes and is ignored; "
						+ "a provider needs at least one 'probe NAME(...);'");
		assertThat(ProviderParser.parse("test.d", "provider empty {\n#if X\n\tprobe a();\n#endif\n};\n").warnings())
			.hasSize(1);
	}

	@Test
	void reservedNames() {
		assertThat(errors("provider provider { probe probe(); probe start(); probe starts(); };\n")).containsExactly(
				"test.d:1:10: error: 'provider' is reserved and cannot name a provider",
				"test.d:1:27: error: 'probe' is reserved and cannot name a probe");
	}

	@Test
	void wordsThatOtherToolsGiveAMeaningCanNameProbes() {
		DefinitionFile file = ProviderParser.parse("test.d",
				"provider test { probe start(uint8_t); probe stop(char*, uint8_t); probe BEGIN(); probe END(); "
						+ "probe int(); probe string(); probe typedef__done(); };\n");
		assertThat(file.providers().get(0).probes()).extracting(ProbeDefinition::name)
			.containsExactly("start", "stop", "BEGIN", "END", "int", "string", "typedef__done");
		assertThat(file.warnings()).isEmpty();
	}

	@Test
	void namesThatAreNotIdentifiers() {
		assertThat(errors("provider p { probe 1x(); probe order-placed(); };\nprovider 9p { probe a(); };\n"))
			.containsExactly(
					"test.d:1:20: error: probe name '1x' is not an identifier: it must start with a letter or '_' and contain only letters, digits and '_' (for example '_1x')",
					"test.d:1:32: error: probe name 'order-placed' is not an identifier: write 'order__placed' (DTrace shows '__' as '-')",
					"test.d:2:10: error: provider name '9p' is not an identifier: it must start with a letter or '_' and contain only letters, digits and '_' (for example '_9p')");
	}

	@Test
	void namesMayStartWithAnUnderscoreAsCIdentifiersDo() {
		DefinitionFile file = ProviderParser.parse("test.d", "provider _p { probe _x(); probe __internal__tick(); };\n");
		assertThat(file.providers().get(0).name()).isEqualTo("_p");
		assertThat(file.providers().get(0).probes()).extracting(ProbeDefinition::displayName)
			.containsExactly("_x", "-internal-tick");
	}

	@Test
	void parameterAndAliasNamesMustBeIdentifiers() {
		assertThat(errors("typedef int 2bad;\nprovider p { probe a(int 9fd); };\n")).containsExactly(
				"test.d:1:13: error: typedef name '2bad' is not an identifier",
				"test.d:2:26: error: parameter name '9fd' is not an identifier");
	}

	@Test
	void providerNameLimitIs53Characters() {
		String longest = "p" + "x".repeat(52);
		assertThat(ProviderParser.parse("t.d", "provider " + longest + " { probe a(); };").providers()).hasSize(1);
		assertThat(errors("provider " + longest + "x { probe a(); };")).containsExactly("test.d:1:10: error: provider name '"
				+ longest + "x' is 54 characters long; at most 53 are allowed because DTrace appends the process id");
	}

	@Test
	void probeNameLimitIs63Characters() {
		String longest = "p" + "x".repeat(62);
		assertThat(ProviderParser.parse("t.d", "provider p { probe " + longest + "(); };").providers()).hasSize(1);
		assertThat(errors("provider p { probe " + longest + "x(); };")).containsExactly(
				"test.d:1:20: error: probe name '" + longest + "x' is 64 characters long; at most 63 are allowed");
	}

	@Test
	void hostileNamesAndExpressionsAreQuotedCutAndEscaped() {
		String huge = "a".repeat(100_000);
		assertThat(errors("provider " + huge + " { probe a(); };")).singleElement()
			.asString()
			.hasSizeLessThan(250)
			.startsWith("test.d:1:10: error: provider name '" + "a".repeat(80) + "...' is 100000 characters long");
		assertThat(errors("provider p { probe a(" + huge + "_t); };")).singleElement()
			.asString()
			.hasSizeLessThan(400)
			.contains("declare it with 'typedef TYPE " + "a".repeat(80) + "...;' or '#define " + "a".repeat(80) + "... TYPE'");
		DefinitionFile file = ProviderParser.parse("test.d",
				"#if " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + "\nprovider p { probe a(); };\n#endif\n");
		assertThat(file.warnings()).singleElement()
			.extracting(DefinitionProblem::summary)
			.asString()
			.hasSizeLessThan(200)
			.startsWith("test.d:1:1: warning: cannot evaluate '#if (((")
			.endsWith("...'; assuming it is true");
	}

	@Test
	void theFileNameCannotReachTheTerminalEither() {
		DefinitionException ex = catchThrowableOfType(DefinitionException.class,
				() -> ProviderParser.parse("bad\u001b[2J\u009b.d", "provider p { probe a(x_t); };"));
		assertThat(ex.problems()).extracting(DefinitionProblem::summary)
			.containsExactly("bad?[2J?.d:1:22: error: unknown type 'x_t'; declare it with 'typedef TYPE x_t;' or "
					+ "'#define x_t TYPE'");
	}

	@Test
	void tooManyArgumentsIsOnlyAWarningEvenNextToErrors() {
		DefinitionException ex = SyntaxErrorTests
			.failure("provider p {\n\tprobe wide(int, int, int, int, int, int, int, int);\n\tprobe bad(x_t);\n};\n");
		assertThat(ex.problems()).extracting(DefinitionProblem::summary).containsExactly(
				"test.d:2:8: warning: probe 'wide' has 8 arguments, but at most 6 arguments are supported: it cannot be fired by this runtime",
				"test.d:3:12: error: unknown type 'x_t'; declare it with 'typedef TYPE x_t;' or '#define x_t TYPE'");
	}

	@Test
	void aliasWithASyntaxErrorIsNotReportedAgainWhereItIsUsed() {
		assertThat(errors("typedef unsigned int *;\ntypedef struct { int a; } bad_t bad_t;\nprovider p { probe a(bad_t *); };\n"))
			.hasSize(2)
			.noneMatch((error) -> error.contains("unknown type"));
	}

}
