package dev.usdt.parser;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds mutated and random input to the parser: only {@link DefinitionException} may escape, no
 * input may take long, and deep nesting must not overflow the stack. Seeded, so a failure
 * reproduces; {@code -Dusdt.fuzz.inputs=N} runs more inputs, {@code -Dusdt.fuzz.seed=S} another
 * sequence.
 */
class ProviderParserFuzzTests {

	private static final int INPUTS = Integer.getInteger("usdt.fuzz.inputs", 10_000);

	private static final long SEED = Long.getLong("usdt.fuzz.seed", 0x5eed_d0f1L);

	/** Generous per input: a hang or quadratic blow-up takes far longer, a slow CI machine does not. */
	private static final long MAX_SECONDS_PER_INPUT = 10;

	private static final String[] FRAGMENTS = { "provider", "probe", "typedef", "struct", "union", "enum", "const",
			"{", "}", "(", ")", ";", ",", ":", "*", "[", "]", "#", "#define ", "#pragma D attributes ", "#pragma ",
			"#include <x.h>", "/*", "*/", "//", "\n", "\r\n", "\\\n", " ", "\t", "void", "char", "unsigned", "long",
			"int", "uint64_t", "string", "bool", "x", "order__placed", "-", "$", "\u00e9", "\uD83D\uDE00", "\0",
			"Evolving/Evolving/Common", "provider p", "args", "1", "_", "__attribute__((", "restrict", "double",
			"typedef void (*f)(", "#if ", "#endif\n" };

	@Test
	void onlyDefinitionExceptionEscapesAndNoInputHangs() throws Exception {
		List<String> seeds = seeds();
		Random random = new Random(SEED);
		ExecutorService executor = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(null, runnable, "fuzz", 0);
			thread.setDaemon(true);
			return thread;
		});
		try {
			for (int i = 0; i < INPUTS; i++) {
				String input = (i < DeepNesting.values().length) ? DeepNesting.values()[i].input()
						: mutate(seeds, random);
				check(executor, i, input);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void check(ExecutorService executor, int index, String input) throws Exception {
		Future<?> result = executor.submit(() -> {
			try {
				ProviderParser.parse("fuzz.d", input);
			}
			catch (DefinitionException ex) {
				// the one allowed outcome besides success
			}
		});
		try {
			result.get(MAX_SECONDS_PER_INPUT, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			fail("input %d (seed %d, %d chars) took over %d s: %s", index, SEED, input.length(), MAX_SECONDS_PER_INPUT,
					abbreviate(input));
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new AssertionError("input " + index + " (seed " + SEED + ") threw " + ex.getCause() + ": "
					+ abbreviate(input), ex.getCause());
		}
	}

	private static String mutate(List<String> seeds, Random random) {
		StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
		int mutations = 1 + random.nextInt(8);
		for (int m = 0; m < mutations; m++) {
			int at = random.nextInt(text.length() + 1);
			switch (random.nextInt(8)) {
				case 0 -> { // flip a character
					if (at < text.length()) {
						text.setCharAt(at, (char) (text.charAt(at) ^ (1 << random.nextInt(7))));
					}
				}
				case 1 -> text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
				case 2 -> { // delete a span
					int end = Math.min(text.length(), at + random.nextInt(20));
					text.delete(at, end);
				}
				case 3 -> text.setLength(at); // truncate
				case 4 -> { // splice a span from another seed
					String other = seeds.get(random.nextInt(seeds.size()));
					int from = random.nextInt(other.length());
					text.insert(at, other, from, Math.min(other.length(), from + random.nextInt(200)));
				}
				case 5 -> { // duplicate a span
					int end = Math.min(text.length(), at + random.nextInt(100));
					text.insert(at, text.substring(at, end));
				}
				case 6 -> text.insert(at, (char) random.nextInt(128));
				default -> { // a random run of fragments
					StringBuilder run = new StringBuilder();
					for (int k = random.nextInt(30); k > 0; k--) {
						run.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]).append(random.nextBoolean() ? " " : "");
					}
					text.insert(at, run);
				}
			}
		}
		return text.toString();
	}

	private static List<String> seeds() throws IOException, URISyntaxException {
		List<String> seeds = new ArrayList<>();
		for (String name : List.of("all-constructs.d", "jvm-style.d", "database-style.d", "interpreter-style.d",
				"task-library-style.d", "display-server-style.d")) {
			seeds.add(Files.readString(ProviderParserTests.style(name), StandardCharsets.UTF_8));
		}
		seeds.add("provider p { probe a(int x, char *y) : (long, string); };\n");
		seeds.add("typedef struct { int a; } t;\n#define b_t unsigned char\nprovider q { probe b(t *, b_t); };\n");
		return seeds;
	}

	private static String abbreviate(String input) {
		return (input.length() <= 300) ? input : input.substring(0, 300) + "...";
	}

	/** Inputs built to break recursive parsers or quadratic recovery. */
	private enum DeepNesting {

		PARENTHESES("provider p { probe a" + "(".repeat(100_000) + "); };"),
		STARS("provider p { probe a(char " + "*".repeat(100_000) + "); };"),
		BRACES("{".repeat(100_000)),
		BRACES_IN_PROVIDER("provider p " + "{".repeat(100_000)),
		STRUCT_BRACES("typedef struct " + "{".repeat(100_000) + " x;"),
		CLOSING("}".repeat(100_000) + ")".repeat(100_000)),
		UNTERMINATED_COMMENTS("/*".repeat(100_000)),
		DIRECTIVES("#\n".repeat(100_000)),
		DEFINE_CHAIN(defineChain(10_000)),
		TYPEDEF_CHAIN(typedefChain(10_000)),
		LONG_DEFINE("#define a " + "unsigned ".repeat(100_000) + "\nprovider p { probe x(a); };"),
		MANY_PROVIDERS("provider p { probe a(); };\n".repeat(20_000)),
		SPECIFIERS("provider p { probe a(" + "const ".repeat(100_000) + "int); };"),
		ARGUMENTS("provider p { probe a(" + "int, ".repeat(50_000) + "int); };"),
		GARBAGE_TOKENS("provider p { " + "probe ( ; ".repeat(30_000) + "};"),
		UNCLOSED_ATTRIBUTES("__attribute__((".repeat(50_000) + "x".repeat(100_000)),
		FUNCTION_POINTER_PARENTHESES("typedef void (*f)" + "(".repeat(100_000) + ";"),
		NESTED_CONDITIONS("#if " + "(".repeat(100_000) + "1\nprovider p { probe a(); };\n#endif\n");

		private final String input;

		DeepNesting(String input) {
			this.input = input;
		}

		String input() {
			return this.input;
		}

		private static String typedefChain(int length) {
			StringBuilder text = new StringBuilder("typedef int t0;\n");
			for (int i = 1; i < length; i++) {
				text.append("typedef t").append(i - 1).append(" t").append(i).append(";\n");
			}
			return text.append("provider p { probe a(t").append(length - 1).append("); };\n").toString();
		}

		private static String defineChain(int length) {
			StringBuilder text = new StringBuilder("#define t0 int\n");
			for (int i = 1; i < length; i++) {
				text.append("#define t").append(i).append(" t").append(i - 1).append(" t").append(i - 1).append('\n');
			}
			return text.append("provider p { probe a(t").append(length - 1).append("); };\n").toString();
		}

	}

}
