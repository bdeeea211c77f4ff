package dev.usdt.parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.antlr.v4.runtime.Token;

/**
 * Resolves the C type of a probe argument to the {@link ArgumentKind} the tracer reads, per LP64
 * (x86_64 and aarch64 Linux, macOS, illumos). {@code #define} aliases are expanded as text, the
 * way the C preprocessor would, so they may redefine even built-in names (PostgreSQL's
 * {@code #define bool unsigned char}); {@code typedef} aliases replace a type name. Aliases may be
 * declared anywhere in the file.
 * <p>
 * Choices: plain {@code char} is signed (x86_64); {@code bool} and {@code _Bool} are one unsigned
 * byte; {@code uintptr_t} is {@link ArgumentKind#UINT64}, as it is an integer in C; only {@code char *} (with any qualifiers) and D's
 * {@code string} are strings, every other pointer ({@code unsigned char *}, {@code char **},
 * {@code void *}, {@code struct foo *}, {@code double *}) is a {@link ArgumentKind#POINTER};
 * {@code float} and {@code double} resolve to {@link ArgumentKind#FLOAT} and
 * {@link ArgumentKind#DOUBLE} ({@code long double} too), which make a probe unfireable. The
 * whole mapping is in docs/d-language.md §4.
 */
final class TypeResolver {

	/** Bounds alias chains such as {@code typedef a b; typedef b c; ...} and their expansion. */
	private static final int MAX_DEPTH = 32;

	private static final int MAX_EXPANDED_LENGTH = 256;

	private static final Set<String> KEYWORDS = Set.of("char", "short", "int", "long", "signed", "unsigned", "void",
			"float", "double");

	private static final Map<String, CType> BUILT_IN = builtIn();

	private final Map<String, List<TypeToken>> macros = new HashMap<>();

	private final Map<String, List<TypeToken>> typedefs = new HashMap<>();

	/** Aliases whose declaration had a syntax error: using them reports nothing more. */
	private final Set<String> broken = new HashSet<>();

	/** Undeclared names already reported as opaque (one warning per name and file). */
	private final Set<String> opaque = new HashSet<>();

	private boolean headersIncluded;

	/** The warning of the resolution under way, if any. */
	private Resolution warning;

	private static Map<String, CType> builtIn() {
		Map<String, CType> types = new HashMap<>();
		for (ArgumentKind kind : List.of(ArgumentKind.INT8, ArgumentKind.UINT8, ArgumentKind.INT16,
				ArgumentKind.UINT16, ArgumentKind.INT32, ArgumentKind.UINT32, ArgumentKind.INT64, ArgumentKind.UINT64)) {
			types.put(kind.canonicalType(), CType.integer(kind));
		}
		types.put("intptr_t", CType.integer(ArgumentKind.INT64));
		types.put("uintptr_t", CType.integer(ArgumentKind.UINT64));
		types.put("size_t", CType.integer(ArgumentKind.UINT64));
		types.put("ssize_t", CType.integer(ArgumentKind.INT64));
		types.put("ptrdiff_t", CType.integer(ArgumentKind.INT64));
		types.put("off_t", CType.integer(ArgumentKind.INT64));
		types.put("pid_t", CType.integer(ArgumentKind.INT32));
		types.put("uid_t", CType.integer(ArgumentKind.UINT32));
		types.put("gid_t", CType.integer(ArgumentKind.UINT32));
		types.put("intmax_t", CType.integer(ArgumentKind.INT64));
		types.put("uintmax_t", CType.integer(ArgumentKind.UINT64));
		// illumos and BSD names that DTrace knows from the system headers (glib, httpd, Solaris-era files)
		types.put("offset_t", CType.integer(ArgumentKind.INT64));
		types.put("longlong_t", CType.integer(ArgumentKind.INT64));
		types.put("u_longlong_t", CType.integer(ArgumentKind.UINT64));
		types.put("uchar_t", CType.integer(ArgumentKind.UINT8));
		types.put("ushort_t", CType.integer(ArgumentKind.UINT16));
		types.put("uint_t", CType.integer(ArgumentKind.UINT32));
		types.put("ulong_t", CType.integer(ArgumentKind.UINT64));
		types.put("u_char", CType.integer(ArgumentKind.UINT8));
		types.put("u_short", CType.integer(ArgumentKind.UINT16));
		types.put("u_int", CType.integer(ArgumentKind.UINT32));
		types.put("u_long", CType.integer(ArgumentKind.UINT64));
		// More system types that provider files use without declaring them (an X server's provider
		// passes a zoneid_t), sized as on LP64 illumos and Linux.
		integers(types, ArgumentKind.INT32, "id_t", "zoneid_t", "projid_t", "taskid_t", "poolid_t", "ctid_t",
				"processorid_t", "psetid_t", "key_t", "boolean_t");
		integers(types, ArgumentKind.UINT32, "mode_t", "useconds_t", "socklen_t", "in_addr_t", "major_t", "minor_t");
		integers(types, ArgumentKind.UINT16, "in_port_t", "sa_family_t");
		integers(types, ArgumentKind.INT64, "time_t", "clock_t", "suseconds_t", "hrtime_t", "blkcnt_t", "daddr_t",
				"loff_t", "off64_t");
		integers(types, ArgumentKind.UINT64, "dev_t", "ino_t", "ino64_t", "nlink_t", "diskaddr_t", "u_offset_t");
		// BSD and Apple spellings of the fixed-width types
		for (ArgumentKind kind : List.of(ArgumentKind.INT8, ArgumentKind.INT16, ArgumentKind.INT32, ArgumentKind.INT64)) {
			integers(types, kind, "__" + kind.canonicalType());
		}
		for (ArgumentKind kind : List.of(ArgumentKind.UINT8, ArgumentKind.UINT16, ArgumentKind.UINT32, ArgumentKind.UINT64)) {
			integers(types, kind, "__" + kind.canonicalType(), "u_" + kind.canonicalType().substring(1));
		}
		// illumos' address type is a 'char *' used for raw memory, not text
		types.put("caddr_t", new CType(Base.VOID, null, "void", 1));
		types.put("bool", CType.integer(ArgumentKind.UINT8));
		types.put("_Bool", CType.integer(ArgumentKind.UINT8));
		types.put("string", new CType(Base.STRING, null, "string", 0));
		return Map.copyOf(types);
	}

	private static void integers(Map<String, CType> types, ArgumentKind kind, String... names) {
		for (String name : names) {
			types.put(name, CType.integer(kind));
		}
	}

	static boolean isKeyword(String word) {
		return KEYWORDS.contains(word);
	}

	void define(String name, List<TypeToken> body) {
		this.macros.put(name, List.copyOf(body));
		this.broken.remove(name);
	}

	void typedef(String name, List<TypeToken> body) {
		this.typedefs.put(name, List.copyOf(body));
		this.broken.remove(name);
	}

	/** The file {@code #include}s a header: undeclared type names may come from it. */
	void headersIncluded() {
		this.headersIncluded = true;
	}

	void markBroken(String name) {
		if (!this.macros.containsKey(name) && !this.typedefs.containsKey(name)) {
			this.broken.add(name);
		}
	}

	/**
	 * The kind of a type written as the given tokens (specifiers, qualifiers and stars, without a
	 * parameter name).
	 */
	Resolution resolve(List<TypeToken> tokens) {
		this.warning = null;
		try {
			ArgumentKind kind = toKind(resolveType(tokens, 0, false));
			return (this.warning != null) ? new Resolution(kind, this.warning.at(), this.warning.error(), false)
					: Resolution.of(kind);
		}
		catch (TypeProblem problem) {
			return problem.resolution;
		}
	}

	/**
	 * @param pointed whether the type is the target of a pointer declared around it (an
	 * undeclared name is then an opaque type rather than an error)
	 */
	private CType resolveType(List<TypeToken> tokens, int depth, boolean pointed) {
		List<TypeToken> expanded = new ArrayList<>();
		expand(tokens, new HashSet<>(), expanded, depth);
		return parse(expanded, depth, pointed);
	}

	private void expand(List<TypeToken> tokens, Set<String> expanding, List<TypeToken> out, int depth) {
		if (depth > MAX_DEPTH) {
			throw problem(tokens.isEmpty() ? null : tokens.get(0), "aliases are nested too deeply");
		}
		for (TypeToken token : tokens) {
			List<TypeToken> body = (token.kind() == TypeToken.Kind.WORD) ? this.macros.get(token.text()) : null;
			if (body != null && expanding.add(token.text())) {
				expand(body.stream().map((bodyToken) -> bodyToken.at(token.token())).toList(), expanding, out,
						depth + 1);
				expanding.remove(token.text());
			}
			else if (body == null && token.kind() == TypeToken.Kind.WORD && this.broken.contains(token.text())) {
				throw new TypeProblem(Resolution.alreadyReported());
			}
			else {
				out.add(token);
			}
			if (out.size() > MAX_EXPANDED_LENGTH) {
				throw problem(token.token(), "type is too long after expanding #define aliases");
			}
		}
	}

	private CType parse(List<TypeToken> tokens, int depth, boolean pointed) {
		Map<String, Integer> keywords = new HashMap<>();
		TypeToken typeName = null;
		TypeToken tag = null;
		TypeToken first = null;
		int pointers = 0;
		for (TypeToken token : tokens) {
			switch (token.kind()) {
				case QUALIFIER -> {
				}
				case STAR -> pointers++;
				case TAG, WORD -> {
					if (pointers > 0) {
						throw problem(token.token(), "unexpected " + quote(token.text()) + " after '*'");
					}
					if (first == null) {
						first = token;
					}
					if (token.kind() == TypeToken.Kind.WORD && isKeyword(token.text())) {
						if (typeName != null || tag != null) {
							throw combination(token, typeName != null ? typeName : tag);
						}
						keywords.merge(token.text(), 1, Integer::sum);
					}
					else if (typeName != null || tag != null || !keywords.isEmpty()) {
						throw combination(token, first);
					}
					else if (token.kind() == TypeToken.Kind.TAG) {
						tag = token;
					}
					else {
						typeName = token;
					}
				}
			}
		}
		CType base;
		if (typeName != null) {
			base = named(typeName, depth, pointed || pointers > 0);
		}
		else if (tag != null) {
			base = tag.text().startsWith("enum ") ? CType.integer(ArgumentKind.INT32)
					: new CType(Base.STRUCT, null, tag.text(), 0);
		}
		else if (!keywords.isEmpty()) {
			base = fromKeywords(keywords, first, tokens);
		}
		else {
			throw problem(tokens.isEmpty() ? null : tokens.get(0), "expected a type");
		}
		return base.withPointers(base.pointers() + pointers);
	}

	private CType named(TypeToken typeName, int depth, boolean pointed) {
		List<TypeToken> body = this.typedefs.get(typeName.text());
		if (body != null) {
			if (depth >= MAX_DEPTH) {
				List<String> cycle = TypedefCycle.through(this.typedefs, typeName.text(), MAX_DEPTH);
				throw problem(typeName.token(), cycle.isEmpty() ? "typedef " + quote(typeName.text()) + " is nested too deeply"
						: "typedefs are circular: " + QuotedText.shortened(String.join(" -> ", cycle)));
			}
			return resolveType(body.stream().map((bodyToken) -> bodyToken.at(typeName.token())).toList(), depth + 1,
					pointed);
		}
		if (this.broken.contains(typeName.text())) {
			throw new TypeProblem(Resolution.alreadyReported());
		}
		CType builtIn = BUILT_IN.get(typeName.text());
		if (builtIn != null) {
			return builtIn;
		}
		if (pointed) {
			// Real files point at types they never declare (CPython's 'PyFrameObject *'): DTrace
			// only needs the pointer, so it is passed as one.
			if (this.warning == null && this.opaque.add(typeName.text())) {
				String shortened = QuotedText.shortened(typeName.text());
				this.warning = Resolution.error(typeName.token(), "unknown type " + quote(typeName.text())
						+ " is passed as an opaque pointer; declare it with 'typedef struct " + shortened + " "
						+ shortened + ";' to say so");
			}
			return new CType(Base.STRUCT, null, typeName.text(), 0);
		}
		if (this.headersIncluded) {
			// A file that #includes headers (not read here) may take their types by value, such as
			// a BSD 'pthread_mutex_t': any such argument fills one 64-bit register (docs/d-language.md §4).
			if (this.warning == null && this.opaque.add(typeName.text())) {
				this.warning = Resolution.error(typeName.token(), "unknown type " + quote(typeName.text())
						+ ", perhaps from an #include'd header (not read), is passed as a 64-bit integer; declare it with"
						+ " 'typedef TYPE " + QuotedText.shortened(typeName.text()) + ";' to say what it is");
			}
			return CType.integer(ArgumentKind.UINT64);
		}
		String shortened = QuotedText.shortened(typeName.text());
		throw problem(typeName.token(), "unknown type " + quote(typeName.text()) + "; declare it with 'typedef TYPE "
				+ shortened + ";' or '#define " + shortened + " TYPE'");
	}

	private CType fromKeywords(Map<String, Integer> keywords, TypeToken first, List<TypeToken> tokens) {
		int longs = keywords.getOrDefault("long", 0);
		boolean signed = keywords.containsKey("signed");
		boolean unsigned = keywords.containsKey("unsigned");
		boolean invalid = (signed && unsigned) || longs > 2
				|| keywords.entrySet().stream().anyMatch((entry) -> !entry.getKey().equals("long") && entry.getValue() > 1);
		if (keywords.containsKey("void")) {
			invalid |= keywords.size() > 1;
			return valid(invalid, first, tokens, new CType(Base.VOID, null, "void", 0));
		}
		if (keywords.containsKey("float")) {
			invalid |= keywords.size() > 1;
			return valid(invalid, first, tokens, new CType(Base.FLOAT, ArgumentKind.FLOAT, "float", 0));
		}
		if (keywords.containsKey("double")) {
			// 'long double' is recorded as a double: no probe can pass either (docs/d-language.md §5).
			invalid |= keywords.size() > 2 || (keywords.size() == 2 && longs != 1);
			return valid(invalid, first, tokens, new CType(Base.FLOAT, ArgumentKind.DOUBLE, "double", 0));
		}
		if (keywords.containsKey("char")) {
			invalid |= keywords.containsKey("short") || keywords.containsKey("int") || longs > 0;
			if (!signed && !unsigned) {
				return valid(invalid, first, tokens, new CType(Base.CHAR, ArgumentKind.INT8, "char", 0));
			}
			return valid(invalid, first, tokens, CType.integer(ArgumentKind.integer(1, !unsigned)));
		}
		if (keywords.containsKey("short")) {
			invalid |= longs > 0;
			return valid(invalid, first, tokens, CType.integer(ArgumentKind.integer(2, !unsigned)));
		}
		return valid(invalid, first, tokens, CType.integer(ArgumentKind.integer((longs > 0) ? 8 : 4, !unsigned)));
	}

	private CType valid(boolean invalid, TypeToken first, List<TypeToken> tokens, CType type) {
		if (invalid) {
			List<String> words = tokens.stream().filter((token) -> token.kind() == TypeToken.Kind.WORD)
				.map(TypeToken::text).toList();
			throw problem(first.token(), "invalid combination of type words: '" + String.join(" ", words) + "'");
		}
		return type;
	}

	private ArgumentKind toKind(CType type) {
		if (type.pointers() > 0) {
			return (type.pointers() == 1 && type.base() == Base.CHAR) ? ArgumentKind.STRING : ArgumentKind.POINTER;
		}
		return switch (type.base()) {
			case INTEGER, CHAR, FLOAT -> type.kind();
			case STRING -> ArgumentKind.STRING;
			case VOID -> throw new TypeProblem(Resolution.error(null,
					"'void' is only allowed as the whole argument list '(void)' or as a pointer 'void *'"));
			case STRUCT -> throw new TypeProblem(Resolution.error(null, "'" + type.description()
					+ "' is passed by value; a probe can only take a pointer to it ('" + type.description() + " *')"));
		};
	}

	private static TypeProblem combination(TypeToken token, TypeToken other) {
		return problem(token.token(),
				"invalid combination of type words: " + quote(token.text()) + " with " + quote(other.text()));
	}

	private static TypeProblem problem(Token token, String message) {
		return new TypeProblem(Resolution.error(token, message));
	}

	private static TypeProblem problem(TypeToken token, String message) {
		return problem((token != null) ? token.token() : null, message);
	}

	private static String quote(String text) {
		return QuotedText.quoted(text);
	}

	/**
	 * The outcome of resolving one type: a kind, or an error with the token to blame
	 * ({@code null}: the whole type), or a silent failure already reported elsewhere. A resolved
	 * type may carry a warning in {@code error} (with its token in {@code at}).
	 */
	record Resolution(ArgumentKind kind, Token at, String error, boolean silent) {

		static Resolution of(ArgumentKind kind) {
			return new Resolution(kind, null, null, false);
		}

		static Resolution error(Token at, String message) {
			return new Resolution(null, at, message, false);
		}

		static Resolution alreadyReported() {
			return new Resolution(null, null, null, true);
		}

		boolean isResolved() {
			return this.kind != null;
		}

		/** The warning of a resolved type, or {@code null}. */
		String warning() {
			return isResolved() ? this.error : null;
		}

	}

	/** One element of a written type, with the token it came from (for positions). */
	record TypeToken(Kind kind, String text, Token token) {

		enum Kind {

			WORD, TAG, QUALIFIER, STAR

		}

		/** The same element, blamed on the place an alias was used rather than declared. */
		TypeToken at(Token use) {
			return new TypeToken(this.kind, this.text, use);
		}

	}

	private enum Base {

		INTEGER, CHAR, FLOAT, STRING, VOID, STRUCT

	}

	private record CType(Base base, ArgumentKind kind, String description, int pointers) {

		static CType integer(ArgumentKind kind) {
			return new CType(Base.INTEGER, kind, kind.canonicalType(), 0);
		}

		CType withPointers(int count) {
			return new CType(this.base, this.kind, this.description, count);
		}

	}

	/** Unwinds a resolution that failed; never leaves this class. */
	private static final class TypeProblem extends RuntimeException {

		private final transient Resolution resolution;

		TypeProblem(Resolution resolution) {
			super(null, null, false, false);
			this.resolution = resolution;
		}

	}

}
