package dev.usdt.parser;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The constructs real provider files use, each accepted with the model it should produce.
 */
class ProviderParserTests {

	@Test
	void parsesSeveralProvidersWithTheirProbesInOrder() {
		DefinitionFile file = parse("""
				provider orders { probe placed(char *, uint64_t); probe cancelled(uint64_t); };
				provider payments { probe charged(int64_t); };
				""");
		assertThat(file.source()).isEqualTo("test.d");
		assertThat(file.providers()).extracting(ProviderDefinition::name).containsExactly("orders", "payments");
		assertThat(file.providers().get(0).probes()).extracting(ProbeDefinition::signature)
			.containsExactly("placed(char *, uint64_t)", "cancelled(uint64_t)");
		assertThat(file.warnings()).isEmpty();
	}

	@Test
	void recordsWhereProvidersAndProbesAreDeclared() {
		DefinitionFile file = parse("provider orders {\n\tprobe placed();\n};\n");
		ProviderDefinition provider = file.providers().get(0);
		assertThat(provider.location()).isEqualTo(new SourceLocation("test.d", 1, 10));
		assertThat(provider.probes().get(0).location()).isEqualTo(new SourceLocation("test.d", 2, 8));
	}

	@Test
	void acceptsEmptyAndVoidArgumentLists() {
		ProviderDefinition provider = single("provider p { probe a(); probe b(void); probe c( void ); };");
		assertThat(provider.probes()).allSatisfy((probe) -> assertThat(probe.arguments()).isEmpty());
	}

	@Test
	void keepsOptionalParameterNamesApartFromTheirTypes() {
		ProbeDefinition probe = single(
				"provider p { probe open(char *path, int fd, unsigned long long count, const char *mode, uint64_t); };")
			.probes()
			.get(0);
		assertThat(probe.arguments()).extracting(ProbeArgument::name).containsExactly("path", "fd", "count", "mode", null);
		assertThat(probe.arguments()).extracting(ProbeArgument::declaredType)
			.containsExactly("char *", "int", "unsigned long long", "const char *", "uint64_t");
	}

	@Test
	void normalisesWhitespaceOfDeclaredTypes() {
		ProbeDefinition probe = single("provider p { probe s(char*a,uint8_t  *  *b,const\n\tchar * const c); };")
			.probes()
			.get(0);
		assertThat(probe.signature()).isEqualTo("s(char *, uint8_t **, const char * const)");
	}

	@Test
	void ignoresCommentsOfBothKinds() {
		ProviderDefinition provider = single("""
				// provider commented { probe out(); };
				/* provider also { probe out(); }; */
				provider p { /* inline */ probe a(int /* width */); // trailing
				};
				""");
		assertThat(provider.name()).isEqualTo("p");
		assertThat(provider.probes()).hasSize(1);
	}

	@Test
	void recordsPragmaAttributesForTheirProvider() {
		ProviderDefinition provider = single("""
				provider p { probe a(); };
				#pragma D attributes Evolving/Evolving/Common provider p provider
				#pragma D attributes Private/Private/Unknown provider p module
				#pragma D attributes Private/Private/Unknown provider p function
				#pragma D attributes Evolving/Evolving/Common provider p name
				#pragma D attributes Evolving/Evolving/ISA provider p args
				#pragma D attributes Stable/Stable/Common provider other provider
				""");
		assertThat(provider.attributes()).isEqualTo(Map.of("provider", "Evolving/Evolving/Common", "module",
				"Private/Private/Unknown", "function", "Private/Private/Unknown", "name", "Evolving/Evolving/Common",
				"args", "Evolving/Evolving/ISA"));
	}

	@Test
	void ignoresOtherPragmasAndPreprocessorLines() {
		ProviderDefinition provider = single("""
				#include <sys/sdt.h>
				#include "local.h"
				#pragma D depends_on library net.d
				#pragma D depends_on provider ip
				#pragma D attributes nonsense
				#pragma D attributes Evolving/Evolving/Common provider p nowhere
				#pragma once
				#if defined(X) && (Y > 2) || !Z
				#ifdef A
				#else
				#endif
				#elif C
				#endif
				#undef D
				#define VERSION 3
				#define MACRO(x) ((x) * 2)
				#line 10 "x.d"
				#error not really
				#
				provider p {
				#ifndef SOMETHING
					probe a();
				#endif
				};
				#pragma no newline at the end""");
		assertThat(provider.probes()).extracting(ProbeDefinition::name).containsExactly("a");
		assertThat(provider.attributes()).isEmpty();
	}

	@Test
	void expandsDefineAliasesEvenOverBuiltInNames() {
		ProbeDefinition probe = single("""
				#define bool unsigned short
				#define Oid unsigned int
				#define cstr const char *
				#define  wide \\
					long long
				provider p { probe a(bool, Oid, cstr, wide, bool flag); };
				""").probes().get(0);
		assertThat(probe.argumentKinds()).containsExactly(ArgumentKind.UINT16, ArgumentKind.UINT32,
				ArgumentKind.STRING, ArgumentKind.INT64, ArgumentKind.UINT16);
		assertThat(probe.arguments()).extracting(ProbeArgument::declaredType)
			.containsExactly("bool", "Oid", "cstr", "wide", "bool");
	}

	@Test
	void resolvesTypedefAliasesDeclaredAnywhereInTheFile() {
		ProbeDefinition probe = single("""
				typedef unsigned short port_t;
				typedef port_t other_port_t;
				typedef char *str_t;
				provider p { probe a(port_t, other_port_t, str_t, str_t *, late_t); };
				typedef long late_t;
				""").probes().get(0);
		assertThat(probe.argumentKinds()).containsExactly(ArgumentKind.UINT16, ArgumentKind.UINT16,
				ArgumentKind.STRING, ArgumentKind.POINTER, ArgumentKind.INT64);
	}

	@Test
	void acceptsStructTypedefsPassedByPointer() {
		ProbeDefinition probe = single("""
				typedef struct {
					int fd;
					char name[16];
					union { int i; long l; } value;
					unsigned int bits : 3;
				} conn_t;
				typedef struct tagged { long id; } tagged_t;
				struct request { long id; };
				provider p { probe a(conn_t *c, tagged_t *, struct request *, struct never_declared *); };
				""").probes().get(0);
		assertThat(probe.argumentKinds()).containsOnly(ArgumentKind.POINTER);
		assertThat(probe.arguments()).extracting(ProbeArgument::declaredType)
			.containsExactly("conn_t *", "tagged_t *", "struct request *", "struct never_declared *");
	}

	@Test
	void keepsTranslatedArgumentsSeparately() {
		ProbeDefinition probe = single("provider p { probe read(int fd, char *buf) : (int, string); };").probes().get(0);
		assertThat(probe.argumentKinds()).containsExactly(ArgumentKind.INT32, ArgumentKind.STRING);
		assertThat(probe.translatedArguments()).extracting(ProbeArgument::declaredType).containsExactly("int", "string");
		assertThat(probe.translatedArguments()).extracting(ProbeArgument::kind)
			.containsExactly(ArgumentKind.INT32, ArgumentKind.STRING);
	}

	@Test
	void keepsTheDeclaredNameAndDerivesTheDisplayName() {
		ProbeDefinition probe = single("provider p { probe order__placed(); };").probes().get(0);
		assertThat(probe.name()).isEqualTo("order__placed");
		assertThat(probe.displayName()).isEqualTo("order-placed");
	}

	@Test
	void acceptsMoreThanSixArgumentsWithAWarningAtTheProbe() {
		DefinitionFile file = parse("provider p {\n  probe wide(int, int, int, int, int, int, int);\n};\n");
		ProbeDefinition probe = file.providers().get(0).probes().get(0);
		assertThat(probe.isFireable()).isFalse();
		assertThat(file.warnings()).singleElement().satisfies((warning) -> {
			assertThat(warning.severity()).isEqualTo(DefinitionProblem.Severity.WARNING);
			assertThat(warning.summary()).startsWith("test.d:2:9: warning: probe 'wide' has 7 arguments")
				.contains("at most 6 arguments are supported");
			assertThat(warning.sourceLine()).isEqualTo("  probe wide(int, int, int, int, int, int, int);");
		});
	}

	@Test
	void acceptsAFileWithoutProviders() {
		assertThat(parse("").providers()).isEmpty();
		assertThat(parse("/* nothing */\n#pragma D depends_on library x.d\n").providers()).isEmpty();
	}

	@Test
	void acceptsWindowsLineEndings() {
		ProviderDefinition provider = single("#define n_t int\r\nprovider p {\r\n\tprobe a(n_t);\r\n};\r\n");
		assertThat(provider.probes().get(0).argumentKinds()).containsExactly(ArgumentKind.INT32);
	}

	@Test
	void parsesAFileFromDiskReportingItsPath(@TempDir Path directory) throws IOException {
		Path path = directory.resolve("orders.d");
		Files.writeString(path, "provider orders { probe placed(int); };\n");
		DefinitionFile file = ProviderParser.parse(path);
		assertThat(file.source()).isEqualTo(path.toString());
		assertThat(file.providers().get(0).location().source()).isEqualTo(path.toString());
	}

	@Test
	void refusesAFileLargerThanAnyProviderFileWithoutReadingItAll(@TempDir Path directory) throws IOException {
		Path path = directory.resolve("huge.d");
		try (RandomAccessFile sparse = new RandomAccessFile(path.toFile(), "rw")) {
			sparse.setLength(ProviderParser.MAX_FILE_BYTES + 1L);
		}
		assertThatExceptionOfType(FileSystemException.class).isThrownBy(() -> ProviderParser.parse(path))
			.satisfies((ex) -> assertThat(ex.getFile()).isEqualTo(path.toString()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("larger than 16 MiB, which no provider file is"));
	}

	@Test
	@Timeout(10)
	void refusesAFifoInsteadOfWaitingForAWriter(@TempDir Path directory) throws Exception {
		Path fifo = directory.resolve("orders.d");
		assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
		assertThatExceptionOfType(FileSystemException.class).isThrownBy(() -> ProviderParser.parse(fifo))
			.satisfies((ex) -> assertThat(ex.getFile()).isEqualTo(fifo.toString()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("not a regular file"));
	}

	@Test
	void aByteOrderMarkIsNotPartOfTheSource() {
		DefinitionFile file = ProviderParser.parse("bom.d", "\uFEFFprovider shop {\n\tprobe placed(int);\n};\n");
		assertThat(file.providers().get(0).name()).isEqualTo("shop");
		assertThat(file.providers().get(0).location().column()).isEqualTo(10);
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> ProviderParser.parse("bom.d", "\uFEFFprovider shop {"))
			.withMessageStartingWith("bom.d:1:");
	}

	@Test
	void parsesAFileWithEveryConstruct() throws Exception {
		DefinitionFile file = ProviderParser.parse(style("all-constructs.d"));
		assertThat(file.providers()).extracting(ProviderDefinition::name).containsExactly("everything", "second");
		ProviderDefinition everything = file.providers().get(0);
		// 'conditional' is under '#ifdef EXTRA', which the file never defines
		assertThat(everything.probes()).hasSize(17);
		assertThat(everything.probe("conditional")).isEmpty();
		assertThat(everything.attributes()).containsEntry("provider", "Evolving/Evolving/Common")
			.containsEntry("args", "Private/Private/Unknown");
		assertThat(kinds(everything, "strings")).containsOnly(ArgumentKind.STRING);
		assertThat(kinds(everything, "pointers")).containsOnly(ArgumentKind.POINTER);
		assertThat(kinds(everything, "aliases")).containsExactly(ArgumentKind.STRING, ArgumentKind.UINT64,
				ArgumentKind.UINT16, ArgumentKind.POINTER, ArgumentKind.POINTER, ArgumentKind.POINTER);
		assertThat(kinds(everything, "cstrings")).containsExactly(ArgumentKind.STRING, ArgumentKind.POINTER);
		assertThat(everything.probe("spacing").orElseThrow().signature()).isEqualTo("spacing(char *, uint8_t *, int **)");
		assertThat(file.warnings()).isEmpty();
	}

	@Test
	void parsesAVirtualMachineStyleFileWithSevenArgumentProbes() throws Exception {
		DefinitionFile file = ProviderParser.parse(style("jvm-style.d"));
		assertThat(file.providers()).extracting(ProviderDefinition::name).containsExactly("vmlike", "vmlike_native");
		ProviderDefinition vm = file.providers().get(0);
		assertThat(vm.probes()).hasSize(14);
		assertThat(vm.attributes()).hasSize(5).containsEntry("name", "Standard/Standard/Common");
		assertThat(vm.probe("method__entry").orElseThrow().displayName()).isEqualTo("method-entry");
		assertThat(kinds(vm, "class__loaded")).containsExactly(ArgumentKind.STRING, ArgumentKind.UINT64,
				ArgumentKind.POINTER, ArgumentKind.UINT64);
		assertThat(file.warnings()).extracting((warning) -> warning.location().line() + ":" + warning.location().column())
			.containsExactly("17:9", "19:9", "20:9");
		assertThat(file.warnings()).allSatisfy(
				(warning) -> assertThat(warning.message()).contains("at most 6 arguments are supported"));
	}

	@Test
	void parsesADatabaseStyleFileWithDefineAliasesAndAttributes() throws Exception {
		DefinitionFile file = ProviderParser.parse(style("database-style.d"));
		ProviderDefinition db = file.providers().get(0);
		assertThat(db.name()).isEqualTo("dblike");
		assertThat(db.probes()).hasSize(20);
		assertThat(db.attributes()).hasSize(5).containsEntry("provider", "Evolving/Evolving/Common");
		assertThat(kinds(db, "sort__done")).containsExactly(ArgumentKind.UINT8, ArgumentKind.INT64);
		assertThat(kinds(db, "buffer__flush__start")).containsExactly(ArgumentKind.INT32, ArgumentKind.UINT32,
				ArgumentKind.UINT32, ArgumentKind.UINT32, ArgumentKind.UINT32);
		assertThat(file.warnings()).hasSize(2);
	}

	@Test
	void parsesAnInterpreterStyleFileWithNamedParameters() throws Exception {
		DefinitionFile file = ProviderParser.parse(style("interpreter-style.d"));
		ProviderDefinition script = file.providers().get(0);
		assertThat(script.probes()).hasSize(12);
		ProbeDefinition entry = script.probe("function__entry").orElseThrow();
		assertThat(entry.arguments()).extracting(ProbeArgument::name).containsExactly("filename", "funcname", "lineno");
		assertThat(entry.argumentKinds()).containsExactly(ArgumentKind.STRING, ArgumentKind.STRING, ArgumentKind.INT32);
		assertThat(file.warnings()).isEmpty();
	}

	@Test
	void parsesATaskLibraryStyleFileWithCallbacksAndProbesNamedStartAndStop() throws Exception {
		DefinitionFile file = ProviderParser.parse(style("task-library-style.d"));
		ProviderDefinition tasks = file.providers().get(0);
		assertThat(tasks.probes()).extracting(ProbeDefinition::name)
			.containsExactly("enqueue", "dequeue", "start", "stop", "timer__arm");
		assertThat(kinds(tasks, "enqueue")).containsExactly(ArgumentKind.POINTER, ArgumentKind.STRING,
				ArgumentKind.POINTER, ArgumentKind.POINTER, ArgumentKind.POINTER);
		assertThat(kinds(tasks, "timer__arm")).containsOnly(ArgumentKind.POINTER);
		assertThat(tasks.attributes()).hasSize(5);
		assertThat(tasks.probes()).allMatch(ProbeDefinition::isFireable);
		assertThat(file.warnings()).isEmpty();
	}

	@Test
	void parsesADisplayServerStyleFileWithConditionalsDoublesAndNoFinalSemicolon() throws Exception {
		DefinitionFile file = ProviderParser.parse(style("display-server-style.d"));
		ProviderDefinition screen = file.providers().get(0);
		assertThat(screen.probes()).hasSize(6);
		assertThat(kinds(screen, "client__auth")).containsExactly(ArgumentKind.INT32, ArgumentKind.STRING,
				ArgumentKind.INT32, ArgumentKind.INT32);
		assertThat(kinds(screen, "input__event")).endsWith(ArgumentKind.POINTER, ArgumentKind.POINTER);
		assertThat(kinds(screen, "pointer__scale")).containsExactly(ArgumentKind.INT32, ArgumentKind.DOUBLE);
		assertThat(kinds(screen, "lock__wait")).containsExactly(ArgumentKind.UINT64);
		assertThat(screen.probes()).extracting(ProbeDefinition::isFireable)
			.containsExactly(true, true, true, false, false, true);
		assertThat(file.warnings()).extracting(DefinitionProblem::message).containsExactly(
				"probe 'input__event' has 7 arguments, but at most 6 arguments are supported: it cannot be fired by this runtime",
				"probe 'pointer__scale' takes a floating-point argument (argument 1: double), which USDT probes cannot pass: "
						+ "it cannot be fired by this runtime",
				"unknown type 'pthread_mutex_t', perhaps from an #include'd header (not read), is passed as a 64-bit "
						+ "integer; declare it with 'typedef TYPE pthread_mutex_t;' to say what it is",
				"missing ';' after '}' of provider 'screen' at the end of the file; accepted, but write '};'");
	}

	static Path style(String name) throws URISyntaxException {
		return Path.of(ProviderParserTests.class.getResource("styles/" + name).toURI());
	}

	private static List<ArgumentKind> kinds(ProviderDefinition provider, String probe) {
		return provider.probe(probe).orElseThrow().argumentKinds();
	}

	private static ProviderDefinition single(String text) {
		List<ProviderDefinition> providers = parse(text).providers();
		assertThat(providers).hasSize(1);
		return providers.get(0);
	}

	private static DefinitionFile parse(String text) {
		return ProviderParser.parse("test.d", text);
	}

}
