package dev.usdt.parser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery, with messages a user can act on: what was expected, after which token, in
 * which provider or probe ({@code expected ';' after '}' of provider 'orders'}). Also resynchronises
 * at the next declaration when a top-level construct is garbled, where ANTLR's default would skip
 * the rest of the file and hide every later error.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

	private static final int MAX_QUOTED_LENGTH = 24;

	private final ProblemCollector problems;

	/** Every rule context in which an error was reported or recovered from, and its parents. */
	private final Set<ParserRuleContext> damaged = Collections.newSetFromMap(new IdentityHashMap<>());

	SyntaxErrorStrategy(ProblemCollector problems) {
		this.problems = problems;
	}

	/** Whether the context or anything inside it had a syntax error, so its content is unreliable. */
	boolean isDamaged(ParserRuleContext context) {
		return this.damaged.contains(context);
	}

	@Override
	protected void beginErrorCondition(Parser recognizer) {
		markDamaged(recognizer.getContext());
		super.beginErrorCondition(recognizer);
	}

	@Override
	public void recover(Parser recognizer, RecognitionException ex) {
		markDamaged(recognizer.getContext());
		super.recover(recognizer, ex);
	}

	@Override
	public Token recoverInline(Parser recognizer) {
		markDamaged(recognizer.getContext());
		return super.recoverInline(recognizer);
	}

	private void markDamaged(ParserRuleContext context) {
		for (ParserRuleContext current = context; current != null && this.damaged.add(current);
				current = current.getParent()) {
		}
	}

	@Override
	public void sync(Parser recognizer) {
		ATNState state = recognizer.getInterpreter().atn.states.get(recognizer.getState());
		if (inErrorRecoveryMode(recognizer) || state.getStateType() != ATNState.STAR_LOOP_ENTRY) {
			super.sync(recognizer);
			return;
		}
		IntervalSet next = recognizer.getATN().nextTokens(state);
		int lookahead = recognizer.getInputStream().LA(1);
		if (next.contains(lookahead) || next.contains(Token.EPSILON)
				|| singleTokenDeletion(recognizer) != null) {
			super.sync(recognizer);
			return;
		}
		reportUnwantedToken(recognizer);
		markDamaged(recognizer.getContext());
		consumeUntil(recognizer, recognizer.getExpectedTokens().or(getErrorRecoverySet(recognizer)));
	}

	/**
	 * Brackets are never dropped as extraneous: deleting a {@code '}'} or {@code '('} makes the
	 * parser misread everything after it, one error becomes many.
	 */
	@Override
	protected Token singleTokenDeletion(Parser recognizer) {
		int next = recognizer.getInputStream().LA(1);
		if (next == DLexer.LPAREN || next == DLexer.RPAREN || next == DLexer.LBRACE || next == DLexer.RBRACE) {
			return null;
		}
		return super.singleTokenDeletion(recognizer);
	}

	@Override
	protected void reportUnwantedToken(Parser recognizer) {
		if (inErrorRecoveryMode(recognizer)) {
			return;
		}
		beginErrorCondition(recognizer);
		Token token = recognizer.getCurrentToken();
		ParserRuleContext context = recognizer.getContext();
		if (token.getType() == DLexer.UNTERMINATED_COMMENT) {
			reportAt(token, unexpected(token));
			return;
		}
		reportAt(token, unexpected(token) + where(context, "in") + "; expected "
				+ describe(recognizer.getExpectedTokens(), context));
	}

	@Override
	protected void reportMissingToken(Parser recognizer) {
		if (inErrorRecoveryMode(recognizer)) {
			return;
		}
		beginErrorCondition(recognizer);
		Token token = recognizer.getCurrentToken();
		reportExpected(recognizer.getInputStream(), token, recognizer.getExpectedTokens(), recognizer.getContext(),
				false);
	}

	@Override
	protected void reportInputMismatch(Parser recognizer, InputMismatchException ex) {
		reportExpected(recognizer.getInputStream(), ex.getOffendingToken(), ex.getExpectedTokens(),
				recognizer.getContext(), true);
	}

	@Override
	protected void reportNoViableAlternative(Parser recognizer, NoViableAltException ex) {
		reportExpected(recognizer.getInputStream(), ex.getOffendingToken(), ex.getExpectedTokens(),
				recognizer.getContext(), true);
	}

	@Override
	protected void reportFailedPredicate(Parser recognizer, FailedPredicateException ex) {
		reportAt(ex.getOffendingToken(), unexpected(ex.getOffendingToken()) + where(recognizer.getContext(), "in"));
	}

	/**
	 * {@code expected X after 'Y' in probe 'p'}, placed right after the previous token when the
	 * expected token is simply missing (as a compiler does), at the offending token otherwise.
	 */
	private void reportExpected(TokenStream tokens, Token offending, IntervalSet expected,
			ParserRuleContext context, boolean found) {
		Token previous = (offending.getTokenIndex() > 0) ? tokens.get(offending.getTokenIndex() - 1) : null;
		if (offending.getType() == DLexer.UNTERMINATED_COMMENT) {
			reportAt(offending, unexpected(offending));
			return;
		}
		if (offending.getType() == DLexer.ERROR_CHAR) {
			reportAt(offending, unexpected(offending) + where(context, "in") + "; expected "
					+ describe(expected, context));
			return;
		}
		String message = "expected " + describe(expected, context) + " " + after(previous, context);
		boolean onLaterLine = previous != null && offending.getLine() > previous.getLine();
		if (!found || offending.getType() == Token.EOF || onLaterLine) {
			if (offending.getType() == Token.EOF && found) {
				message += ", found end of file";
			}
			reportAfter(previous, offending, message);
		}
		else {
			reportAt(offending, message + ", found " + quote(offending));
		}
	}

	private void reportAt(Token token, String message) {
		this.problems.error(token, message);
	}

	private void reportAfter(Token previous, Token current, String message) {
		if (previous == null || previous.getType() == DLexer.DIRECTIVE_END || previous.getText() == null
				|| previous.getText().indexOf('\n') >= 0) {
			reportAt(current, message);
			return;
		}
		this.problems.error(previous.getLine(), previous.getCharPositionInLine() + previous.getText().length() + 1,
				message);
	}

	private String unexpected(Token token) {
		return switch (token.getType()) {
			case DLexer.ERROR_CHAR -> "unexpected character " + quote(token);
			case DLexer.UNTERMINATED_COMMENT -> "unterminated comment: '/*' without '*/'";
			case Token.EOF -> "unexpected end of file";
			default -> "unexpected " + quote(token);
		};
	}

	private String after(Token previous, ParserRuleContext context) {
		if (previous == null) {
			return "at the start of the file";
		}
		if (previous.getType() == DLexer.PROVIDER || previous.getType() == DLexer.PROBE) {
			return "after " + quote(previous);
		}
		ParserRuleContext provider = enclosing(context, DParser.ProviderContext.class);
		if (provider != null && isName(previous, ((DParser.ProviderContext) provider).name)) {
			return "after provider name " + quote(previous);
		}
		ParserRuleContext probe = enclosing(context, DParser.ProbeContext.class);
		if (probe != null && isName(previous, ((DParser.ProbeContext) probe).name)) {
			return "after probe name " + quote(previous);
		}
		String preposition = (previous.getType() == DLexer.RBRACE && context instanceof DParser.ProviderContext)
				? "of" : "in";
		return "after " + quote(previous) + where(context, preposition);
	}

	private static boolean isName(Token token, DParser.DefinitionNameContext name) {
		return name != null && DefinitionBuilder.nameToken(name) == token;
	}

	/** {@code  in probe 'placed'}, {@code  of provider 'orders'}, or nothing at the top level. */
	private static String where(ParserRuleContext context, String preposition) {
		for (ParserRuleContext current = context; current != null; current = current.getParent()) {
			if (current instanceof DParser.ProbeContext probe) {
				return named(" " + preposition + " probe", probe.name, " " + preposition + " a probe");
			}
			if (current instanceof DParser.ProviderContext provider) {
				return named(" " + preposition + " provider", provider.name, " " + preposition + " a provider");
			}
			if (current instanceof DParser.TypedefDeclarationContext) {
				return " " + preposition + " typedef";
			}
			if (current instanceof DParser.StructDefinitionContext) {
				return " " + preposition + " struct";
			}
			if (current instanceof DParser.DirectiveContext) {
				return " " + preposition + " preprocessor line";
			}
		}
		return "";
	}

	private static String named(String prefix, DParser.DefinitionNameContext name, String anonymous) {
		Token token = DefinitionBuilder.nameToken(name);
		return (token != null) ? prefix + " " + quote(token) : anonymous;
	}

	private static ParserRuleContext enclosing(ParserRuleContext context, Class<?> type) {
		for (ParserRuleContext current = context; current != null; current = current.getParent()) {
			if (type.isInstance(current)) {
				return current;
			}
		}
		return null;
	}

	/** The expected tokens in words: {@code ';'}, {@code a type or ')'}, {@code a probe name}. */
	private static String describe(IntervalSet expected, ParserRuleContext context) {
		// A function pointer's parameters are any tokens but a few: only the ')' that closes them helps.
		if (context instanceof DParser.FunctionParametersContext || context instanceof DParser.NestedParametersContext
				|| context instanceof DParser.InnermostParametersContext) {
			return "')' to close the function pointer's parameters";
		}
		if (expected.contains(DLexer.PROVIDER) && expected.contains(DLexer.TYPEDEF)) {
			return "a provider, typedef or struct declaration";
		}
		List<String> items = new ArrayList<>();
		boolean type = expected.contains(DLexer.CONST);
		boolean name = expected.contains(DLexer.ID);
		// The translated form 'probe p(...) : (...);' is rare; "expected ';'" is the useful hint.
		boolean semicolon = expected.contains(DLexer.SEMI);
		for (int tokenType : expected.toArray()) {
			if (tokenType == DLexer.COLON && semicolon) {
				continue;
			}
			String item = switch (tokenType) {
				case Token.EOF -> "end of file";
				case DLexer.ID, DLexer.CONST, DLexer.VOLATILE, DLexer.STRUCT, DLexer.UNION, DLexer.ENUM ->
					type ? "a type" : nameKind(context);
				case DLexer.PROVIDER, DLexer.PROBE -> name ? nameKind(context) : DParser.VOCABULARY.getLiteralName(tokenType);
				case DLexer.HASH -> null;
				case DLexer.DIRECTIVE_END -> "end of line";
				default -> DParser.VOCABULARY.getLiteralName(tokenType);
			};
			if (item != null && !items.contains(item)) {
				items.add(item);
			}
		}
		if (items.isEmpty()) {
			return expected.contains(DLexer.HASH) ? "a preprocessor line" : "something else";
		}
		if (items.size() == 1) {
			return items.get(0);
		}
		return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
	}

	private static String nameKind(ParserRuleContext context) {
		ParserRuleContext current = (context instanceof DParser.DefinitionNameContext) ? context.getParent() : context;
		if (current instanceof DParser.ProviderContext) {
			return "a provider name";
		}
		if (current instanceof DParser.ProbeContext) {
			return "a probe name";
		}
		return "a name";
	}

	private static String quote(Token token) {
		if (token.getType() == Token.EOF) {
			return "end of file";
		}
		if (token.getType() == DLexer.DIRECTIVE_END) {
			return "end of line";
		}
		String text = token.getText();
		if (text == null) {
			return "'?'";
		}
		return QuotedText.quoted(text, MAX_QUOTED_LENGTH);
	}

}
