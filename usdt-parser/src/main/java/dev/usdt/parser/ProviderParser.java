package dev.usdt.parser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * Reads D provider files ({@code provider NAME { probe NAME(ARGS); };}) into validated
 * {@link DefinitionFile}s. Every syntax and validation error of a file is collected and thrown
 * together as one {@link DefinitionException}; warnings that do not stop the file from being used
 * are returned with it.
 *
 * <pre class="code">
 * DefinitionFile file = ProviderParser.parse(Path.of("src/main/resources/orders.d"));
 * ProviderDefinition orders = file.providers().get(0);
 * </pre>
 */
public final class ProviderParser {

	private ProviderParser() {
	}

	/**
	 * The largest file read: a provider file has kilobytes (one with a thousand probes, a few
	 * hundred), so anything near this is not one, and an endless device must not exhaust the heap.
	 */
	static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

	/**
	 * Parses and validates a file. Malformed UTF-8 is replaced rather than rejected, so that the
	 * error points at the line instead of failing the whole read.
	 * @throws IOException if the file cannot be read, is not a regular file, or has more than 16 MiB
	 * @throws DefinitionException if the file has errors
	 */
	public static DefinitionFile parse(Path file) throws IOException {
		if (Files.exists(file) && !Files.isRegularFile(file)) {
			// opening a FIFO blocks until something writes to it, a device may never end
			throw new FileSystemException(file.toString(), null, "not a regular file");
		}
		byte[] bytes;
		try (InputStream in = Files.newInputStream(file)) {
			bytes = in.readNBytes(MAX_FILE_BYTES + 1);
		}
		if (bytes.length > MAX_FILE_BYTES) {
			throw new FileSystemException(file.toString(), null,
					"larger than " + (MAX_FILE_BYTES >> 20) + " MiB, which no provider file is");
		}
		return parse(file.toString(), new String(bytes, StandardCharsets.UTF_8));
	}

	/**
	 * Parses and validates D source text.
	 * @param sourceName the name problems are reported against, usually a path
	 * @param text the D source
	 * @throws DefinitionException if the text has errors
	 */
	public static DefinitionFile parse(String sourceName, String text) {
		// A byte order mark (editors on Windows write one) is not part of the source
		SourceText source = new SourceText(sourceName, text.startsWith("\uFEFF") ? text.substring(1) : text);
		ProblemCollector problems = new ProblemCollector(source);
		SyntaxErrorStrategy syntaxErrors = new SyntaxErrorStrategy(problems);
		DParser.FileContext tree = syntaxTree(source, syntaxErrors, problems);
		List<ProviderDefinition> providers = new DefinitionBuilder(problems, syntaxErrors::isDamaged).build(tree);
		providers = new DefinitionValidator(problems).validate(providers);
		if (problems.hasErrors()) {
			throw new DefinitionException(problems.problems());
		}
		return new DefinitionFile(sourceName, providers, problems.warnings());
	}

	private static DParser.FileContext syntaxTree(SourceText source, SyntaxErrorStrategy syntaxErrors,
			ProblemCollector problems) {
		String text = ConditionalSections.apply(source.text(), problems);
		DLexer lexer = new DLexer(CharStreams.fromString(text, source.name()));
		lexer.removeErrorListeners();
		lexer.addErrorListener(new BaseErrorListener() {

			@Override
			public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
					int charPositionInLine, String message, RecognitionException ex) {
				problems.error(line, charPositionInLine + 1, "unexpected character");
			}

		});
		DParser parser = new DParser(new CommonTokenStream(lexer));
		parser.removeErrorListeners();
		parser.setErrorHandler(syntaxErrors);
		return parser.file();
	}

}
