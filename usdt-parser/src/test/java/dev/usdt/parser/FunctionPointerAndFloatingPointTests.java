package dev.usdt.parser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Function pointers (a dispatch library's callback typedef) and floating-point arguments (a JVM's
 * JNI provider, a display server's input events), each in a small input written for this test.
 */
class FunctionPointerAndFloatingPointTests {

	@Test
	void functionPointerTypedefIsAPointer() {
		DefinitionFile file = parse("""
				typedef struct work_queue_s *work_queue_t;
				typedef void (*work_function_t)(void *);
				typedef int *(*lookup_t) (const char *, void (*)(int));
				provider work {
					probe push(work_queue_t queue, const char *label, work_function_t fn, void *context);
					probe lookup(lookup_t, work_function_t *);
				};
				""");
		ProviderDefinition provider = file.providers().get(0);
		assertThat(provider.probe("push").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.POINTER,
				ArgumentKind.STRING, ArgumentKind.POINTER, ArgumentKind.POINTER);
		assertThat(provider.probe("lookup").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.POINTER,
				ArgumentKind.POINTER);
		assertThat(provider.probe("push").orElseThrow().signature())
			.isEqualTo("push(work_queue_t, const char *, work_function_t, void *)");
		assertThat(file.warnings()).isEmpty();
	}

	@Test
	void functionPointerWrittenInTheArgumentListIsAPointer() {
		ProbeDefinition probe = parse("provider p { probe cb(void (*)(int), int (*handler)(void *, int), char **(**)(void)); };\n")
			.providers().get(0).probes().get(0);
		assertThat(probe.argumentKinds()).containsOnly(ArgumentKind.POINTER);
		assertThat(probe.arguments()).extracting(ProbeArgument::name).containsExactly(null, "handler", null);
		assertThat(probe.signature()).isEqualTo("cb(void (*)(int), int (*)(void *, int), char **(**)(void))");
		assertThat(probe.isFireable()).isTrue();
	}

	@Test
	void callbackThatTakesACallbackThatTakesACallback() {
		ProbeDefinition probe = parse("typedef void (*f)(void (*)(void (*)(int)));\nprovider p { probe a(f); };\n")
			.providers().get(0).probes().get(0);
		assertThat(probe.argumentKinds()).containsExactly(ArgumentKind.POINTER);
	}

	@Test
	void floatingPointProbeIsListedButNotFireableWithOneWarning() {
		DefinitionFile file = parse("""
				provider gfx {
					probe scale(double factor, int n);
					probe motion(int device, float x, float y);
					probe precise(long double);
					probe plain(int);
				};
				""");
		ProviderDefinition provider = file.providers().get(0);
		assertThat(provider.probes()).extracting(ProbeDefinition::isFireable).containsExactly(false, false, false, true);
		assertThat(provider.probe("scale").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.DOUBLE,
				ArgumentKind.INT32);
		assertThat(provider.probe("motion").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.INT32,
				ArgumentKind.FLOAT, ArgumentKind.FLOAT);
		assertThat(provider.probe("precise").orElseThrow().signature()).isEqualTo("precise(long double)");
		assertThat(file.warnings()).extracting(DefinitionProblem::summary).containsExactly(
				"test.d:2:8: warning: probe 'scale' takes a floating-point argument (argument 0: double), "
						+ "which USDT probes cannot pass: it cannot be fired by this runtime",
				"test.d:3:8: warning: probe 'motion' takes a floating-point argument (argument 1: float), "
						+ "which USDT probes cannot pass: it cannot be fired by this runtime",
				"test.d:4:8: warning: probe 'precise' takes a floating-point argument (argument 0: long double), "
						+ "which USDT probes cannot pass: it cannot be fired by this runtime");
	}

	@Test
	void pointerToFloatingPointIsAnOrdinaryPointer() {
		DefinitionFile file = parse("""
				typedef const double *const_double_p;
				typedef const uint8_t *const_uint8_p;
				provider input {
					probe event(int, int, uint32_t, uint32_t, int8_t, const_uint8_p, const_double_p);
					probe values(double *, const float **);
				};
				""");
		ProviderDefinition provider = file.providers().get(0);
		assertThat(provider.probe("values").orElseThrow().argumentKinds()).containsOnly(ArgumentKind.POINTER);
		assertThat(provider.probe("values").orElseThrow().isFireable()).isTrue();
		// seven arguments: listed, one warning for the count, none for the pointers
		assertThat(file.warnings()).singleElement().extracting(DefinitionProblem::message).asString()
			.startsWith("probe 'event' has 7 arguments");
	}

	private static DefinitionFile parse(String text) {
		return ProviderParser.parse("test.d", text);
	}

}
