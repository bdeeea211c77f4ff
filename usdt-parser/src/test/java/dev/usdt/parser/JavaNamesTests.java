package dev.usdt.parser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JavaNamesTests {

	@Test
	void providerBecomesPascalCaseClassEndingInProbes() {
		assertThat(JavaNames.probesClass("orders")).isEqualTo("OrdersProbes");
		assertThat(JavaNames.probesClass("hidden_shop")).isEqualTo("HiddenShopProbes");
		assertThat(JavaNames.probesClass("_private2")).isEqualTo("Private2Probes");
	}

	@Test
	void probeBecomesCamelCaseMethodAndEnabledCheck() {
		assertThat(JavaNames.fireMethod("order__placed")).isEqualTo("orderPlaced");
		assertThat(JavaNames.fireMethod("queue__depth")).isEqualTo("queueDepth");
		assertThat(JavaNames.fireMethod("gc_begin")).isEqualTo("gcBegin");
		assertThat(JavaNames.enabledCheck("order__placed")).isEqualTo("isOrderPlacedEnabled");
	}

	@Test
	void methodNameMapsBackToTheProbeName() {
		assertThat(JavaNames.probeName("orderPlaced")).isEqualTo("order__placed");
		assertThat(JavaNames.probeName(JavaNames.fireMethod("queue__depth"))).isEqualTo("queue__depth");
		assertThat(JavaNames.probeName("parseHTTPRequest")).isEqualTo("parse__http__request");
	}

	@Test
	void keywordsAreNotIdentifiers() {
		assertThat(JavaNames.isIdentifier("orderPlaced")).isTrue();
		assertThat(JavaNames.isIdentifier("new")).isFalse();
		assertThat(JavaNames.isIdentifier("2fast")).isFalse();
	}

	@Test
	void unsignedTypesWidenToTheNextSignedJavaType() {
		assertThat(JavaTypes.parameterType(ArgumentKind.STRING)).isEqualTo("String");
		assertThat(JavaTypes.parameterType(ArgumentKind.INT8)).isEqualTo("byte");
		assertThat(JavaTypes.parameterType(ArgumentKind.UINT8)).isEqualTo("short");
		assertThat(JavaTypes.parameterType(ArgumentKind.UINT16)).isEqualTo("int");
		assertThat(JavaTypes.parameterType(ArgumentKind.INT32)).isEqualTo("int");
		assertThat(JavaTypes.parameterType(ArgumentKind.UINT32)).isEqualTo("long");
		assertThat(JavaTypes.parameterType(ArgumentKind.UINT64)).isEqualTo("long");
		assertThat(JavaTypes.integerKind("java.lang.Short")).contains(ArgumentKind.INT16);
		assertThat(JavaTypes.integerKind("java.lang.String")).isEmpty();
	}

}
