package dev.usdt.parser;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Syntax errors: where they are reported, what the message says was expected, and that one
 * mistake does not hide the next.
 */
class SyntaxErrorTests {

	@Test
	void missingSemicolonAfterProviderBeforeMoreDeclarationsPointsJustAfterTheBrace() {
		assertThat(errors("provider orders {\n\tprobe placed(int);\n}\nprovider more { probe a(); };\n"))
			.containsExactly("test.d:3:2: error: expected ';' after '}' of provider 'orders'");
	}

	@Test
	void missingSemicolonAfterTheLastProviderOfTheFileIsAWarning() {
		DefinitionFile file = ProviderParser.parse("test.d",
				"provider orders {\n\tprobe placed(int);\n}\n#pragma D attributes Evolving/Evolving/Common provider orders args\n");
		assertThat(file.providers()).extracting(ProviderDefinition::name).containsExactly("orders");
		assertThat(file.providers().get(0).attributes()).containsEntry("args", "Evolving/Evolving/Common");
		assertThat(file.warnings()).extracting(DefinitionProblem::summary).containsExactly(
				"test.d:3:2: warning: missing ';' after '}' of provider 'orders' at the end of the file; accepted, but write '};'");
	}

	@Test
	void missingSemicolonAfterProbePointsJustAfterTheParenthesis() {
		assertThat(errors("provider orders {\n\tprobe placed(int)\n\tprobe done();\n};\n"))
			.containsExactly("test.d:2:19: error: expected ';' after ')' in probe 'placed'");
	}

	@Test
	void missingSemicolonBeforeTheClosingBraceOnTheSameLine() {
		assertThat(errors("provider p { probe a(int) };\n"))
			.containsExactly("test.d:1:27: error: expected ';' after ')' in probe 'a', found '}'");
	}

	@Test
	void missingType() {
		assertThat(errors("provider orders {\n\tprobe placed(int,);\n};\n"))
			.containsExactly("test.d:2:19: error: expected a type after ',' in probe 'placed', found ')'");
	}

	@Test
	void missingClosingParenthesis() {
		assertThat(errors("provider orders {\n\tprobe placed(int;\n};\n"))
			.containsExactly("test.d:2:18: error: expected ')' after 'int' in probe 'placed'");
		assertThat(errors("provider orders {\n\tprobe a(int) : (int;\n};\n"))
			.containsExactly("test.d:2:21: error: expected ')' after 'int' in probe 'a'");
	}

	@Test
	void missingNames() {
		assertThat(errors("provider orders {\n\tprobe (int);\n};\n"))
			.containsExactly("test.d:2:7: error: expected a probe name after 'probe'");
		assertThat(errors("provider { probe a(); };\n"))
			.containsExactly("test.d:1:9: error: expected a provider name after 'provider'");
	}

	@Test
	void missingOpeningBrace() {
		assertThat(errors("provider orders\n\tprobe a(int);\n};\n"))
			.containsExactly("test.d:1:16: error: expected '{' after provider name 'orders'");
	}

	@Test
	void unexpectedCharacter() {
		assertThat(errors("provider orders {\n\tprobe placed(int $ x);\n};\n")).containsExactly(
				"test.d:2:19: error: unexpected character '$' in probe 'placed'; expected a type, '(', ')', '[' or ','");
	}

	@Test
	void invisibleCharactersAreNamedNotShown() {
		// a zero-width space is named by its code, a right-to-left override cannot reorder the line
		assertThat(errors("provider orders {\n\tprobe placed(int \u200b x);\n};\n")).containsExactly(
				"test.d:2:19: error: unexpected character '\\u200b' in probe 'placed'; expected a type, '(', ')', '[' or ','");
		DefinitionException failure = catchThrowableOfType(DefinitionException.class,
				() -> ProviderParser.parse("test.d", "provider orders {\n\tprobe \u202eplaced(int);\n};\n"));
		assertThat(failure.problems().get(0).format()).doesNotContain("\u202e").contains("\tprobe ?placed(int);");
	}

	@Test
	void unterminatedComment() {
		assertThat(errors("provider orders {\n\tprobe placed(); /* unterminated\n};\n"))
			.containsExactly("test.d:2:18: error: unterminated comment: '/*' without '*/'");
	}

	@Test
	void unexpectedEndOfFile() {
		assertThat(errors("provider orders {\n\tprobe a(int);\n"))
			.containsExactly("test.d:3:1: error: unexpected end of file in provider 'orders'; expected 'probe' or '}'");
	}

	@Test
	void unknownTopLevelWordThenTheNextProviderIsStillChecked() {
		assertThat(errors("provder orders {\n\tprobe placed();\n};\nprovider b { probe x(int) };\n")).containsExactly(
				"test.d:1:1: error: unexpected 'provder'; expected a provider, typedef or struct declaration",
				"test.d:4:27: error: expected ';' after ')' in probe 'x', found '}'");
	}

	@Test
	void strayClosingBrace() {
		assertThat(errors("provider p { probe a(); };\n}\n"))
			.containsExactly("test.d:2:1: error: unexpected '}'; expected a provider, typedef or struct declaration");
	}

	@Test
	void typedefWithoutName() {
		assertThat(errors("typedef int;\nprovider p { probe a(int); };\n"))
			.containsExactly("test.d:1:12: error: unexpected ';' in typedef; expected a type or '('");
	}

	@Test
	void collectsEveryErrorOfTheFileTogetherWithValidationErrors() {
		DefinitionException ex = failure("""
				provider a {
					probe one(int)
					probe two(nope_t);
				};
				provider b { probe three(int,); };
				provider c { probe four(long long long); }
				provider d { probe five(); };
				""");
		assertThat(ex.problems()).extracting(DefinitionProblem::summary).containsExactly(
				"test.d:2:16: error: expected ';' after ')' in probe 'one'",
				"test.d:3:12: error: unknown type 'nope_t'; declare it with 'typedef TYPE nope_t;' or '#define nope_t TYPE'",
				"test.d:5:30: error: expected a type after ',' in probe 'three', found ')'",
				"test.d:6:25: error: invalid combination of type words: 'long long long'",
				"test.d:6:43: error: expected ';' after '}' of provider 'c'");
		assertThat(ex.getMessage()).contains("test.d:2:16: error: expected ';'", "\tprobe one(int)\n");
	}

	@Test
	void formatsTheSourceLineWithACaretUnderTheColumn() {
		DefinitionProblem problem = failure("provider orders {\n\tprobe placed(int)\n};\n").problems().get(0);
		assertThat(problem.sourceLine()).isEqualTo("\tprobe placed(int)");
		assertThat(problem.format()).isEqualTo(String.join(System.lineSeparator(),
				"test.d:2:19: error: expected ';' after ')' in probe 'placed'", "\tprobe placed(int)",
				"\t                 ^"));
	}

	@Test
	void capsTheNumberOfReportedErrors() {
		DefinitionException ex = failure("provider p { probe a(x_t); };\n".repeat(150).replaceAll("provider p", "provider q"));
		assertThat(ex.problems()).hasSize(ProblemCollector.MAX_ERRORS + 1);
		assertThat(ex.problems().get(ProblemCollector.MAX_ERRORS).message()).endsWith("more errors not shown");
	}

	static DefinitionException failure(String text) {
		return catchThrowableOfType(DefinitionException.class, () -> ProviderParser.parse("test.d", text));
	}

	static List<String> errors(String text) {
		DefinitionException ex = failure(text);
		assertThat(ex).as("expected a DefinitionException").isNotNull();
		return ex.problems().stream().map(DefinitionProblem::summary).toList();
	}


	@Test
	void unclosedFunctionPointerParameters() {
		assertThat(errors("typedef void (*callback_t)(int;\nprovider p { probe a(callback_t); };\n")).containsExactly(
				"test.d:1:31: error: unexpected ';' in typedef; expected ')' to close the function pointer's parameters");
		assertThat(errors("provider p { probe a(void (*)(int, char *); };\n"))
			.containsExactly("test.d:1:43: error: expected ')' after ')' in probe 'a'");
		assertThat(errors("provider p { probe a(void (*)(int, char *; };\n")).containsExactly(
				"test.d:1:42: error: unexpected ';' in probe 'a'; expected ')' to close the function pointer's parameters");
	}

	@Test
	void controlCharactersOfTheQuotedLineCannotReachTheTerminal() {
		DefinitionProblem problem = failure("provider p { probe a(\u001b[2J\u009b0m $); };\n").problems().get(0);
		assertThat(problem.format()).isEqualTo(problem.summary() + "\nprovider p { probe a(?[2J?0m $); };\n"
				+ "                     ^");
	}

	@Test
	void aVeryLongLineIsNotQuotedButItsPositionIsGiven() {
		StringBuilder wide = new StringBuilder("provider p { ");
		for (int i = 0; i < 5_000; i++) {
			wide.append("probe a").append(i).append("(int, int, int, int, int, int, int); ");
		}
		wide.append("probe b($); };\n");
		DefinitionException ex = failure(wide.toString());
		assertThat(ex.problems()).hasSize(5_001).allSatisfy((problem) -> assertThat(problem.sourceLine()).isEmpty());
		DefinitionProblem error = ex.problems().stream()
			.filter((problem) -> problem.severity() == DefinitionProblem.Severity.ERROR)
			.findFirst()
			.orElseThrow();
		assertThat(error.summary()).startsWith("test.d:1:" + (wide.indexOf("$") + 1) + ": error: ");
		assertThat(error.format()).isEqualTo(error.summary());
	}

}
