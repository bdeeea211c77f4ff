package dev.usdt.parser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How each C type a provider file may use resolves per LP64.
 */
class ArgumentKindResolutionTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			int8_t              | INT8
			int16_t             | INT16
			int32_t             | INT32
			int64_t             | INT64
			uint8_t             | UINT8
			uint16_t            | UINT16
			uint32_t            | UINT32
			uint64_t            | UINT64
			char                | INT8
			signed char         | INT8
			unsigned char       | UINT8
			bool                | UINT8
			_Bool               | UINT8
			short               | INT16
			short int           | INT16
			signed short        | INT16
			unsigned short      | UINT16
			int                 | INT32
			signed              | INT32
			signed int          | INT32
			unsigned            | UINT32
			unsigned int        | UINT32
			long                | INT64
			long int            | INT64
			unsigned long       | UINT64
			long long           | INT64
			long long int       | INT64
			unsigned long long  | UINT64
			long unsigned       | UINT64
			size_t              | UINT64
			ssize_t             | INT64
			intptr_t            | INT64
			uintptr_t           | UINT64
			pid_t               | INT32
			enum color          | INT32
			const int           | INT32
			volatile uint16_t   | UINT16
			char *              | STRING
			const char *        | STRING
			char const *        | STRING
			const char * const  | STRING
			string              | STRING
			char **             | POINTER
			unsigned char *     | POINTER
			signed char *       | POINTER
			void *              | POINTER
			const void *        | POINTER
			uint8_t *           | POINTER
			uint8_t **          | POINTER
			int *               | POINTER
			struct foo *        | POINTER
			union bar *         | POINTER
			string *            | POINTER
			""")
	void resolvesPerLp64(String type, ArgumentKind kind) {
		DefinitionFile file = ProviderParser.parse("types.d", "provider p { probe a(" + type + "); };");
		ProbeArgument argument = file.providers().get(0).probes().get(0).arguments().get(0);
		assertThat(argument.kind()).isEqualTo(kind);
		assertThat(argument.declaredType()).isEqualTo(type);
		assertThat(argument.name()).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			int x               | int
			unsigned x          | unsigned
			long long x         | long long
			uint64_t x          | uint64_t
			const char *x       | const char *
			char * const x      | char * const
			struct foo *x       | struct foo *
			""")
	void splitsTheParameterNameFromTheType(String declaration, String type) {
		DefinitionFile file = ProviderParser.parse("types.d", "provider p { probe a(" + declaration + "); };");
		ProbeArgument argument = file.providers().get(0).probes().get(0).arguments().get(0);
		assertThat(argument.name()).isEqualTo("x");
		assertThat(argument.declaredType()).isEqualTo(type);
	}

}
