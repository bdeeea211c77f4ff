package dev.usdt.parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.usdt.parser.TypeResolver.Resolution;
import dev.usdt.parser.TypeResolver.TypeToken;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns a parse tree into model records: collects the aliases and {@code #pragma D attributes}
 * of the whole file, then resolves every probe argument. Parts of the tree that had syntax errors
 * are skipped, so that one typo is reported once and not again as a list of follow-on errors.
 */
final class DefinitionBuilder {

	private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Set<String> ATTRIBUTE_SCOPES = Set.of("provider", "module", "function", "name", "args");

	private final ProblemCollector problems;

	private final Predicate<ParserRuleContext> damaged;

	private final TypeResolver types = new TypeResolver();

	private final Map<String, Map<String, String>> attributes = new HashMap<>();

	/**
	 * @param damaged whether a context had a syntax error inside it (from the parser's recovery)
	 */
	DefinitionBuilder(ProblemCollector problems, Predicate<ParserRuleContext> damaged) {
		this.problems = problems;
		this.damaged = damaged;
	}

	List<ProviderDefinition> build(DParser.FileContext file) {
		for (DParser.DirectiveContext directive : file.directive()) {
			declare(directive);
		}
		for (DParser.TypedefDeclarationContext typedef : file.typedefDeclaration()) {
			declare(typedef);
		}
		for (DParser.StructDeclarationContext struct : file.structDeclaration()) {
			if (struct.structDefinition() != null) {
				struct.structDefinition().directive().forEach(this::declare);
			}
		}
		for (DParser.ProviderContext provider : file.provider()) {
			provider.directive().forEach(this::declare);
		}
		List<ProviderDefinition> providers = new ArrayList<>();
		for (DParser.ProviderContext provider : file.provider()) {
			ProviderDefinition definition = provider(provider);
			if (definition != null) {
				providers.add(definition);
			}
		}
		return providers;
	}

	private void declare(DParser.DirectiveContext directive) {
		DParser.DirectiveBodyContext body = directive.directiveBody();
		if (body instanceof DParser.DefineDirectiveContext define && present(define.name)) {
			if (isClean(define)) {
				checkIdentifier(define.name, "#define name");
				this.types.define(define.name.getText(), typeTokens(define.specifier(), define.pointer()));
			}
			else {
				this.types.markBroken(define.name.getText());
			}
		}
		else if (body instanceof DParser.AttributesDirectiveContext pragma && isClean(pragma)) {
			record(pragma);
		}
		else if (body instanceof DParser.OtherDirectiveContext other && other.getChildCount() > 0
				&& other.getChild(0).getText().equals("include")) {
			this.types.headersIncluded();
		}
	}

	private void declare(DParser.TypedefDeclarationContext typedef) {
		if (!present(typedef.name)) {
			return;
		}
		String name = typedef.name.getText();
		if (!isClean(typedef)) {
			this.types.markBroken(name);
			return;
		}
		checkIdentifier(typedef.name, "typedef name");
		List<TypeToken> body = new ArrayList<>();
		if (typedef.functionParameters() != null) {
			// 'typedef void (*callback_t)(void *);': whatever it returns, a callback_t is a pointer.
			body.add(new TypeToken(TypeToken.Kind.WORD, "void", typedef.name));
			body.add(new TypeToken(TypeToken.Kind.STAR, "*", typedef.name));
			this.types.typedef(name, body);
			return;
		}
		DParser.StructDefinitionContext struct = typedef.structDefinition();
		DParser.EnumDefinitionContext enumeration = typedef.enumDefinition();
		if (struct != null) {
			String tag = present(struct.tag) ? struct.tag.getText() : "{...} " + name;
			body.add(new TypeToken(TypeToken.Kind.TAG, struct.kind.getText() + " " + tag, struct.kind));
		}
		else if (enumeration != null) {
			String tag = present(enumeration.tag) ? enumeration.tag.getText() : "{...} " + name;
			body.add(new TypeToken(TypeToken.Kind.TAG, "enum " + tag, enumeration.ENUM().getSymbol()));
		}
		else {
			body.addAll(typeTokens(typedef.specifier(), List.of()));
		}
		body.addAll(typeTokens(List.of(), typedef.pointer()));
		for (int i = 0; i < typedef.arraySuffix().size(); i++) {
			body.add(new TypeToken(TypeToken.Kind.STAR, "*", typedef.name));
		}
		this.types.typedef(name, body);
	}

	/** Records {@code #pragma D attributes Evolving/Evolving/Common provider NAME SCOPE}; other forms are ignored. */
	private void record(DParser.AttributesDirectiveContext pragma) {
		String scope = pragma.scope.getText();
		if (pragma.d.getText().equals("D") && pragma.attributes.getText().equals("attributes")
				&& pragma.scopeProvider.getText().equals("provider") && ATTRIBUTE_SCOPES.contains(scope)) {
			String value = pragma.stability(0).getText() + "/" + pragma.stability(1).getText() + "/"
					+ pragma.dependencyClass().getText();
			this.attributes.computeIfAbsent(pragma.providerName.getText(), (name) -> new LinkedHashMap<>())
				.put(scope, value);
		}
	}

	private ProviderDefinition provider(DParser.ProviderContext provider) {
		Token name = nameToken(provider.name);
		List<ProbeDefinition> probes = new ArrayList<>();
		for (DParser.ProbeContext probe : provider.probe()) {
			if (isClean(probe) && nameToken(probe.name) != null) {
				probes.add(probe(probe));
			}
		}
		if (!present(name)) {
			return null;
		}
		// A provider whose probes all had syntax errors is not reported again as empty.
		if (probes.isEmpty() && (!provider.probe().isEmpty() || !isClean(provider))) {
			return null;
		}
		if (provider.SEMI() == null && isClean(provider)) {
			checkMissingSemicolon(provider, name.getText());
		}
		return new ProviderDefinition(name.getText(), probes,
				this.attributes.getOrDefault(name.getText(), Map.of()), location(name));
	}

	/**
	 * A provider that ends the file may lack the ';' after its '}' (some projects' files do): a
	 * warning. Before another declaration it is an error, as a missing ';' there usually means a
	 * mistake in the text around it.
	 */
	private void checkMissingSemicolon(DParser.ProviderContext provider, String name) {
		SourceLocation after = this.problems.source().location(provider.close.getLine(),
				provider.close.getCharPositionInLine() + 2);
		DParser.FileContext file = (DParser.FileContext) provider.getParent();
		int position = file.children.indexOf(provider);
		boolean last = file.children.subList(position + 1, file.children.size()).stream()
			.allMatch((child) -> child instanceof DParser.DirectiveContext || child instanceof TerminalNode);
		if (last) {
			this.problems.warning(after, "missing ';' after '}' of provider " + QuotedText.quoted(name)
					+ " at the end of the file; accepted, but write '};'");
		}
		else {
			this.problems.error(after, "expected ';' after '}' of provider " + QuotedText.quoted(name));
		}
	}

	private ProbeDefinition probe(DParser.ProbeContext probe) {
		Token name = nameToken(probe.name);
		List<ProbeArgument> arguments = arguments(probe.arguments);
		List<ProbeArgument> translated = arguments(probe.translated);
		return new ProbeDefinition(name.getText(), arguments, translated, location(name));
	}

	private List<ProbeArgument> arguments(DParser.ParameterListContext list) {
		if (list == null || isVoid(list)) {
			return List.of();
		}
		List<ProbeArgument> arguments = new ArrayList<>();
		for (DParser.ParameterContext parameter : list.parameter()) {
			arguments.add(argument(parameter));
		}
		return arguments;
	}

	private static boolean isVoid(DParser.ParameterListContext list) {
		if (list.parameter().size() != 1) {
			return false;
		}
		DParser.ParameterContext parameter = list.parameter(0);
		return parameter.specifier().size() == 1 && parameter.pointer().isEmpty()
				&& parameter.arraySuffix().isEmpty() && parameter.specifier(0).getText().equals("void");
	}

	private ProbeArgument argument(DParser.ParameterContext parameter) {
		if (parameter.functionParameters() != null) {
			return functionPointer(parameter);
		}
		List<DParser.SpecifierContext> specifiers = parameter.specifier();
		Token name = parameter.name;
		if (parameter.pointer().isEmpty() && endsWithName(specifiers)) {
			name = specifiers.get(specifiers.size() - 1).getStart();
			specifiers = specifiers.subList(0, specifiers.size() - 1);
		}
		if (name != null) {
			checkIdentifier(name, "parameter name");
		}
		List<TypeToken> tokens = typeTokens(specifiers, parameter.pointer());
		for (int i = 0; i < parameter.arraySuffix().size(); i++) {
			tokens.add(new TypeToken(TypeToken.Kind.STAR, "*", parameter.arraySuffix(i).getStart()));
		}
		Resolution resolution = this.types.resolve(tokens);
		if (resolution.warning() != null) {
			this.problems.warning(location((resolution.at() != null) ? resolution.at() : specifiers.get(0).getStart()),
					resolution.warning());
		}
		else if (resolution.error() != null) {
			Token at = (resolution.at() != null) ? resolution.at() : specifiers.get(0).getStart();
			this.problems.error(at, resolution.error());
		}
		ArgumentKind kind = resolution.isResolved() ? resolution.kind() : ArgumentKind.UINT64;
		return new ProbeArgument((name != null) ? name.getText() : null,
				declaredType(specifiers, parameter.pointer(), parameter.arraySuffix()), kind);
	}

	/** {@code void (*callback)(void *)}: a pointer, whatever the function returns or takes. */
	private ProbeArgument functionPointer(DParser.ParameterContext parameter) {
		if (parameter.name != null) {
			checkIdentifier(parameter.name, "parameter name");
		}
		int inParentheses = countPointersInParentheses(parameter);
		List<DParser.PointerContext> returned = parameter.pointer().subList(0, parameter.pointer().size() - inParentheses);
		String result = declaredType(parameter.specifier(), returned, List.of());
		String type = result + (result.endsWith("*") ? "(" : " (") + "*".repeat(inParentheses) + ")"
				+ normalised(parameter.functionParameters());
		return new ProbeArgument((parameter.name != null) ? parameter.name.getText() : null, type, ArgumentKind.POINTER);
	}

	private static int countPointersInParentheses(DParser.ParameterContext parameter) {
		int count = 0;
		for (DParser.PointerContext pointer : parameter.pointer()) {
			if (pointer.getStart().getTokenIndex() > parameter.LPAREN().getSymbol().getTokenIndex()) {
				count++;
			}
		}
		return count;
	}

	/** The tokens of a parenthesised list joined as C is usually written: {@code (void *, int)}. */
	private static String normalised(ParserRuleContext context) {
		StringBuilder text = new StringBuilder();
		String previous = "(";
		for (Token token : tokens(context)) {
			String current = token.getText();
			boolean tight = previous.equals("(") || current.equals(")") || current.equals(",") || current.equals("(")
					|| (current.equals("*") && previous.equals("*"));
			if (!text.isEmpty() && !tight) {
				text.append(' ');
			}
			text.append(current);
			previous = current;
		}
		return text.toString();
	}

	private static List<Token> tokens(ParseTree tree) {
		List<Token> tokens = new ArrayList<>();
		if (tree instanceof TerminalNode terminal) {
			tokens.add(terminal.getSymbol());
		}
		for (int i = 0; i < tree.getChildCount(); i++) {
			tokens.addAll(tokens(tree.getChild(i)));
		}
		return tokens;
	}

	/**
	 * Whether the last word of {@code int fd} or {@code uint64_t id} is a parameter name: it is no
	 * C type keyword and a type word comes before it.
	 */
	private static boolean endsWithName(List<DParser.SpecifierContext> specifiers) {
		if (specifiers.size() < 2 || !(specifiers.get(specifiers.size() - 1) instanceof DParser.WordSpecifierContext last)
				|| TypeResolver.isKeyword(last.getText())) {
			return false;
		}
		for (int i = 0; i < specifiers.size() - 1; i++) {
			if (!(specifiers.get(i) instanceof DParser.QualifierSpecifierContext)) {
				return true;
			}
		}
		return false;
	}

	/** The type as written, whitespace normalised: {@code const char *}, {@code uint8_t **}. */
	private static String declaredType(List<DParser.SpecifierContext> specifiers, List<DParser.PointerContext> pointers,
			List<DParser.ArraySuffixContext> arrays) {
		StringBuilder type = new StringBuilder();
		for (DParser.SpecifierContext specifier : specifiers) {
			if (!type.isEmpty()) {
				type.append(' ');
			}
			type.append((specifier instanceof DParser.TaggedSpecifierContext tagged)
					? tagged.kind.getText() + " " + tagged.tag.getText() : specifier.getText());
		}
		for (DParser.PointerContext pointer : pointers) {
			type.append((type.charAt(type.length() - 1) == '*') ? "*" : " *");
			for (int i = 1; i < pointer.getChildCount(); i++) {
				type.append(' ').append(pointer.getChild(i).getText());
			}
		}
		for (DParser.ArraySuffixContext array : arrays) {
			type.append((array.ID() != null) ? "[" + array.ID().getText() + "]" : "[]");
		}
		return type.toString();
	}

	private static List<TypeToken> typeTokens(List<DParser.SpecifierContext> specifiers,
			List<DParser.PointerContext> pointers) {
		List<TypeToken> tokens = new ArrayList<>();
		for (DParser.SpecifierContext specifier : specifiers) {
			if (specifier instanceof DParser.TaggedSpecifierContext tagged) {
				tokens.add(new TypeToken(TypeToken.Kind.TAG, tagged.kind.getText() + " " + tagged.tag.getText(),
						tagged.kind));
			}
			else if (specifier instanceof DParser.QualifierSpecifierContext) {
				tokens.add(new TypeToken(TypeToken.Kind.QUALIFIER, specifier.getText(), specifier.getStart()));
			}
			else {
				tokens.add(new TypeToken(TypeToken.Kind.WORD, specifier.getText(), specifier.getStart()));
			}
		}
		for (DParser.PointerContext pointer : pointers) {
			tokens.add(new TypeToken(TypeToken.Kind.STAR, "*", pointer.getStart()));
		}
		return tokens;
	}

	private void checkIdentifier(Token name, String what) {
		if (!C_IDENTIFIER.matcher(name.getText()).matches()) {
			this.problems.error(name, what + " " + QuotedText.quoted(name.getText()) + " is not an identifier");
		}
	}

	private SourceLocation location(Token token) {
		return this.problems.source().location(token.getLine(), token.getCharPositionInLine() + 1);
	}

	/** The name a provider or probe got, or {@code null} if it is missing or was conjured by recovery. */
	static Token nameToken(DParser.DefinitionNameContext name) {
		if (name == null) {
			return null;
		}
		for (int i = 0; i < name.getChildCount(); i++) {
			if (name.getChild(i) instanceof TerminalNode terminal && !(terminal instanceof ErrorNode)
					&& present(terminal.getSymbol())) {
				return terminal.getSymbol();
			}
		}
		return null;
	}

	private static boolean present(Token token) {
		return token != null && token.getTokenIndex() >= 0;
	}

	private boolean isClean(ParserRuleContext context) {
		return !this.damaged.test(context);
	}

}
