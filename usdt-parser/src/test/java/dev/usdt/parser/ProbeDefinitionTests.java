package dev.usdt.parser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When one declaration of a probe can stand for another when fired from Java. */
class ProbeDefinitionTests {

	@Test
	void integerWidthsMayDifferWhereStringsStandWhereStringsAre() {
		ProbeDefinition file = ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.UINT32);
		ProbeDefinition typed = ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.INT64);
		assertThat(file.firesLike(typed)).isTrue();
		assertThat(typed.firesLike(file)).isTrue();
	}

	@Test
	void aStringAgainstAnIntegerOrAnotherArgumentCountDoesNot() {
		ProbeDefinition file = ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.INT64);
		assertThat(file.firesLike(ProbeDefinition.of("order__placed", ArgumentKind.INT64, ArgumentKind.INT64)))
			.isFalse();
		assertThat(file.firesLike(ProbeDefinition.of("order__placed", ArgumentKind.STRING))).isFalse();
	}

}
