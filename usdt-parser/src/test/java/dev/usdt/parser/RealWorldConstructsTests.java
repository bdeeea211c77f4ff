package dev.usdt.parser;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.usdt.parser.SyntaxErrorTests.errors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constructs found in the provider files that open-source projects ship (interpreters, web
 * servers, databases, virtual machines), each in a small input written for this test.
 */
class RealWorldConstructsTests {

	@Test
	void pointerToAnUndeclaredTypeIsAnOpaquePointerWithOneWarningPerName() {
		DefinitionFile file = parse("""
				provider interp {
					probe enter(const char *, int, FrameRecord *);
					probe leave(const char *, int, FrameRecord *);
					probe slots(FrameRecord **);
				};
				""");
		ProviderDefinition provider = file.providers().get(0);
		assertThat(provider.probe("enter").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.STRING,
				ArgumentKind.INT32, ArgumentKind.POINTER);
		assertThat(provider.probe("slots").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.POINTER);
		assertThat(file.warnings()).extracting(DefinitionProblem::summary).containsExactly(
				"test.d:2:33: warning: unknown type 'FrameRecord' is passed as an opaque pointer; "
						+ "declare it with 'typedef struct FrameRecord FrameRecord;' to say so");
	}

	@Test
	void pointerTypedefToAnUndeclaredTypeIsAnOpaquePointer() {
		DefinitionFile file = parse("typedef Handle *HandleRef;\nprovider p { probe a(HandleRef); };\n");
		assertThat(file.providers().get(0).probes().get(0).argumentKinds()).containsExactly(ArgumentKind.POINTER);
		assertThat(file.warnings()).hasSize(1);
	}

	@Test
	void undeclaredTypeByValueIsStillAnError() {
		assertThat(errors("provider p { probe a(Handle); };\n")).containsExactly(
				"test.d:1:22: error: unknown type 'Handle'; declare it with 'typedef TYPE Handle;' or '#define Handle TYPE'");
		assertThat(errors("typedef Handle Alias;\nprovider p { probe a(Alias); };\n")).hasSize(1);
		// a pointer to the alias is a pointer to the undeclared type
		assertThat(warnings("typedef Handle Alias;\nprovider p { probe a(Alias *); };\n")).hasSize(1);
	}

	@Test
	void declaredForwardStructNeedsNoWarning() {
		DefinitionFile file = parse("typedef struct Node Node;\nprovider p { probe a(Node *, Node **); };\n");
		assertThat(file.warnings()).isEmpty();
		assertThat(file.providers().get(0).probes().get(0).argumentKinds()).containsOnly(ArgumentKind.POINTER);
	}

	@Test
	void moreStandardAndSystemIntegerTypes() {
		ProbeDefinition probe = parse("""
				provider p {
					probe ints(uintmax_t, intmax_t, offset_t, uint_t, uchar_t, u_long);
				};
				""").providers().get(0).probes().get(0);
		assertThat(probe.argumentKinds()).containsExactly(ArgumentKind.UINT64, ArgumentKind.INT64, ArgumentKind.INT64,
				ArgumentKind.UINT32, ArgumentKind.UINT8, ArgumentKind.UINT64);
	}

	@Test
	void ifdefOfAnUndefinedMacroDropsTheGroupEvenIfItIsNotDeclarations() {
		DefinitionFile file = parse("""
				provider lang { probe call(const char *); };

				#ifdef LANG_STACK_HELPER
				#define frame_at(p) ((uintptr_t)(p) + \\
				    sizeof(uintptr_t))
				dtrace:helper:ustack:
				{
					this->pos = 0;
					this->buf[this->pos] = '\\0';
					stringof(this->buf)
				}
				#endif /* LANG_STACK_HELPER */
				""");
		assertThat(file.providers()).singleElement()
			.satisfies((provider) -> assertThat(provider.probes()).hasSize(1));
		assertThat(file.warnings()).isEmpty();
	}

	@Test
	void conditionalsFollowThePreprocessor() {
		ProviderDefinition provider = parse("""
				#define LEVEL 2
				#define VERBOSE
				provider p {
				#if COLLECT_DETAILS
					probe detail(int);
				#endif
				#if LEVEL >= 2 && defined(VERBOSE)
					probe level2();
				#elif LEVEL == 1
					probe level1();
				#else
					probe level0();
				#endif
				#ifndef VERBOSE
					probe quiet();
				#else
				# if 0
					probe never();
				# else
					probe loud();
				# endif
				#endif
				#undef VERBOSE
				#ifdef VERBOSE
					probe undefined();
				#endif
				};
				""").providers().get(0);
		assertThat(provider.probes()).extracting(ProbeDefinition::name).containsExactly("level2", "loud");
	}

	@Test
	void conditionalKeepsLineAndColumnNumbers() {
		assertThat(errors("#if 0\nskipped }\n#endif\nprovider p { probe a(nope_t); };\n")).containsExactly(
				"test.d:4:22: error: unknown type 'nope_t'; declare it with 'typedef TYPE nope_t;' or '#define nope_t TYPE'");
	}

	@Test
	void directivesInCommentsAreNotDirectives() {
		ProviderDefinition provider = parse("""
				/*
				#if 0
				*/
				provider p { probe a(); };
				/*
				#endif
				*/
				""").providers().get(0);
		assertThat(provider.probes()).hasSize(1);
	}

	@Test
	void unevaluableConditionIsTakenWithAWarning() {
		DefinitionFile file = parse("#if (1 << 2) & MASK\n#endif\nprovider p { probe a(); };\n");
		assertThat(file.warnings()).extracting(DefinitionProblem::summary)
			.containsExactly("test.d:1:1: warning: cannot evaluate '#if (1 << 2) & MASK'; assuming it is true");
	}

	@Test
	void unbalancedConditionalsAreWarnings() {
		DefinitionFile file = parse("#endif\nprovider p { probe a(); };\n#ifndef GUARD\n");
		assertThat(file.providers()).hasSize(1);
		assertThat(file.warnings()).extracting(DefinitionProblem::summary).containsExactly(
				"test.d:1:1: warning: '#endif' without '#if'; ignored",
				"test.d:3:1: warning: '#ifndef' without '#endif'");
	}

	@Test
	void commentLinesStartingWithHashInsideAProvider() {
		ProviderDefinition provider = parse("""
				provider svc {
					# area: event loop
					probe tick(int interval);
				        # area: objects
				        probe release(void *obj);
				};
				""").providers().get(0);
		assertThat(provider.probes()).hasSize(2);
	}

	@Test
	void structsNestedThreeLevelsAndEnumsAtTopLevel() {
		DefinitionFile file = parse("""
				typedef struct Value Value;
				provider vm { probe alloc(Value *); probe state(state_t, enum phase); };
				struct Value {
					int refs;
					union {
						long small;
						struct {
							void *first;
							struct { int lo; int hi; } range;
						} pair;
					} payload;
				};
				enum phase {
					PHASE_INIT = 0,
					PHASE_RUN,
					PHASE_DONE
				};
				typedef enum { STATE_A, STATE_B = 4 } state_t;
				""");
		assertThat(file.warnings()).isEmpty();
		assertThat(file.providers().get(0).probe("state").orElseThrow().argumentKinds())
			.containsExactly(ArgumentKind.INT32, ArgumentKind.INT32);
	}

	@Test
	void translatorAndInlineDeclarationsAreSkipped() {
		DefinitionFile file = parse("""
				typedef struct { int unused; } wire_req_t;
				typedef struct { char *path; int code; } reqinfo_t;
				inline int REQ_DONE = 2;
				translator reqinfo_t < wire_req_t *r > {
					path = copyinstr(*(uintptr_t *)copyin((uintptr_t)&r->path, sizeof (uintptr_t)));
					code = r->code == 0 ? -1 : r->code;
					label = "{ not a brace }";
					quote = '}';
				};
				provider web {
					probe request(wire_req_t *r) : (reqinfo_t *r);
				};
				""");
		assertThat(file.providers().get(0).probes()).hasSize(1);
	}

	@Test
	void systemTypesFromIncludedHeadersNeedNoDeclaration() {
		DefinitionFile file = parse("""
				#ifdef __APPLE__
				#define zoneid_t uint32_t
				#elif defined(__FreeBSD__)
				#define zoneid_t id_t
				#else
				#include <sys/types.h>
				#endif
				provider display {
					probe client__auth(int, string, pid_t, zoneid_t);
					probe file(dev_t, ino_t, mode_t, time_t, hrtime_t, in_port_t);
				};
				""");
		assertThat(file.warnings()).isEmpty();
		assertThat(file.providers().get(0).probe("client__auth").orElseThrow().argumentKinds())
			.containsExactly(ArgumentKind.INT32, ArgumentKind.STRING, ArgumentKind.INT32, ArgumentKind.INT32);
		assertThat(file.providers().get(0).probe("file").orElseThrow().argumentKinds()).containsExactly(
				ArgumentKind.UINT64, ArgumentKind.UINT64, ArgumentKind.UINT32, ArgumentKind.INT64, ArgumentKind.INT64,
				ArgumentKind.UINT16);
	}

	@Test
	void undeclaredTypeByValueInAFileThatIncludesHeadersIsA64BitValueWithOneWarning() {
		DefinitionFile file = parse("""
				#include <sys/_pthreadtypes.h>
				provider locks {
					probe mutex__acquire(pthread_mutex_t mutex, int is_recursive);
					probe mutex__release(pthread_mutex_t mutex);
					probe mutex__error(mutex_t *mp, int errno);
				};
				""");
		ProviderDefinition provider = file.providers().get(0);
		assertThat(provider.probe("mutex__acquire").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.UINT64,
				ArgumentKind.INT32);
		assertThat(provider.probe("mutex__error").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.POINTER,
				ArgumentKind.INT32);
		assertThat(file.warnings()).extracting(DefinitionProblem::summary).containsExactly(
				"test.d:3:23: warning: unknown type 'pthread_mutex_t', perhaps from an #include'd header (not read), is "
						+ "passed as a 64-bit integer; declare it with 'typedef TYPE pthread_mutex_t;' to say what it is",
				"test.d:5:21: warning: unknown type 'mutex_t' is passed as an opaque pointer; declare it with "
						+ "'typedef struct mutex_t mutex_t;' to say so");
	}

	@Test
	void includeInAGroupThatIsNotTakenDoesNotCount() {
		assertThat(SyntaxErrorTests.errors("#ifdef NOT_DEFINED\n#include <x.h>\n#endif\nprovider p { probe a(Handle); };\n"))
			.containsExactly("test.d:4:22: error: unknown type 'Handle'; declare it with 'typedef TYPE Handle;' or "
					+ "'#define Handle TYPE'");
	}

	@Test
	void gccAttributesRestrictAndBsdIntegerNames() {
		DefinitionFile file = parse("""
				typedef struct wire_header {
					__uint32_t magic;
					__uint16_t length;
				} __attribute__((packed)) wire_header_t;
				typedef struct __attribute__ ((aligned (8))) slot { int unused; } slot_t;
				__extension__ typedef unsigned long long wide_t;
				provider net {
					probe rx(const wire_header_t *__restrict header, const char *restrict label, u_int32_t size,
						__int64_t stamp, caddr_t raw, __const char *name);
					probe slots(slot_t *, wide_t, u_int8_t);
				};
				""");
		assertThat(file.warnings()).isEmpty();
		ProviderDefinition provider = file.providers().get(0);
		assertThat(provider.probe("rx").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.POINTER,
				ArgumentKind.STRING, ArgumentKind.UINT32, ArgumentKind.INT64, ArgumentKind.POINTER, ArgumentKind.STRING);
		assertThat(provider.probe("rx").orElseThrow().arguments()).extracting(ProbeArgument::name)
			.containsExactly("header", "label", "size", "stamp", "raw", "name");
		assertThat(provider.probe("slots").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.POINTER,
				ArgumentKind.UINT64, ArgumentKind.UINT8);
	}

	@Test
	void preprocessorOutputLineMarkersAndIdentPragmasAreIgnored() {
		DefinitionFile file = parse("""
				# 1 "vm/private.d"
				# 1 "<built-in>" 1
				#pragma ident	"%Z%%M%	1.2	05/01/01 SMI"
				#pragma D depends_on library net.d
				# 25 "vm/private.d" 2
				provider vm_private {
				  probe safepoint__begin();
				  probe table__new_entry(void*, uintptr_t, void*);
				};
				#pragma D attributes Private/Private/Common provider vm_private provider
				""");
		assertThat(file.warnings()).isEmpty();
		assertThat(file.providers().get(0).probes()).hasSize(2);
		assertThat(file.providers().get(0).attributes()).containsEntry("provider", "Private/Private/Common");
	}

	@Test
	void qualifiersSignednessAndTypedefChains() {
		ProviderDefinition provider = parse("""
				typedef unsigned long long stamp_t;
				typedef stamp_t clock_stamp_t;
				typedef const clock_stamp_t final_stamp_t;
				typedef struct timer_params_s {
					int64_t deadline, interval, leeway;
				} *timer_params_t;
				provider mix {
					probe words(unsigned, signed, short int, long int, unsigned long long int, signed char);
					probe quals(const char * const, volatile int, const volatile unsigned short, char const *);
					probe chain(final_stamp_t, timer_params_t, struct timer_params_s *, char [16], size_t);
				};
				""").providers().get(0);
		assertThat(provider.probe("words").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.UINT32,
				ArgumentKind.INT32, ArgumentKind.INT16, ArgumentKind.INT64, ArgumentKind.UINT64, ArgumentKind.INT8);
		assertThat(provider.probe("quals").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.STRING,
				ArgumentKind.INT32, ArgumentKind.UINT16, ArgumentKind.STRING);
		// a char array decays to a pointer to char: a string
		assertThat(provider.probe("chain").orElseThrow().argumentKinds()).containsExactly(ArgumentKind.UINT64,
				ArgumentKind.POINTER, ArgumentKind.POINTER, ArgumentKind.STRING, ArgumentKind.UINT64);
	}

	private static DefinitionFile parse(String text) {
		return ProviderParser.parse("test.d", text);
	}

	static List<String> warnings(String text) {
		return parse(text).warnings().stream().map(DefinitionProblem::summary).toList();
	}

}
