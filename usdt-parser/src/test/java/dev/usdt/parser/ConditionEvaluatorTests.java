package dev.usdt.parser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What an {@code #if} condition evaluates to, given the macros defined so far.
 */
class ConditionEvaluatorTests {

	private final MacroTable macros = new MacroTable();

	@Test
	void undefinedNamesAreZeroAndDefinedTestsTheTable() {
		this.macros.define("HAVE_HELPER");
		this.macros.define("LEVEL 3");
		this.macros.define("max(a, b) ((a) > (b) ? (a) : (b))");
		assertThat(isTrue("UNDEFINED")).isFalse();
		assertThat(isTrue("defined HAVE_HELPER && defined(LEVEL) && defined max")).isTrue();
		assertThat(isTrue("!defined(__APPLE__) || LEVEL < 2")).isTrue();
		this.macros.undefine("HAVE_HELPER");
		assertThat(isTrue("defined(HAVE_HELPER)")).isFalse();
	}

	@Test
	void comparisonsLogicAndNumbersInEveryBase() {
		assertThat(isTrue("0x10 == 16 && 010 == 8 && 1UL >= 1")).isTrue();
		assertThat(isTrue("(1 || 0) && !(2 <= 1)")).isTrue();
		assertThat(isTrue("-1 < 0 && +2 > 1 && 3 != 3")).isFalse();
	}

	@Test
	void macroNamingAnotherMacroExpandsToItsNumber() {
		this.macros.define("VERSION CURRENT");
		this.macros.define("CURRENT 5");
		assertThat(isTrue("VERSION == 5")).isTrue();
	}

	@Test
	void whatCannotBeEvaluatedIsRefused() {
		this.macros.define("SELF SELF");
		this.macros.define("EMPTY");
		assertThatIllegalArgumentException().isThrownBy(() -> isTrue("1 + 1"));
		assertThatIllegalArgumentException().isThrownBy(() -> isTrue("SELF"));
		assertThatIllegalArgumentException().isThrownBy(() -> isTrue("EMPTY"));
		assertThatIllegalArgumentException().isThrownBy(() -> isTrue("(1"));
		assertThatIllegalArgumentException().isThrownBy(() -> isTrue("!".repeat(1000) + "1"));
	}

	@Test
	void tokenizerKeepsTwoCharacterOperatorsTogether() {
		assertThat(ConditionTokenizer.tokens("a&&b||!(c>=0x1f)")).containsExactly("a", "&&", "b", "||", "!", "(", "c",
				">=", "0x1f", ")");
	}

	private boolean isTrue(String expression) {
		return ConditionEvaluator.isTrue(expression, this.macros);
	}

}
