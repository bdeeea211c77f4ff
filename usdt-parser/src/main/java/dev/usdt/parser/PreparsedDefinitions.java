package dev.usdt.parser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed provider file written at build time next to the file it came from
 * ({@code usdt/orders.d} → {@code usdt/orders.d.parsed}), so that an application can start without
 * loading the parser: a few dozen classes and tables that cost a cold JVM tens of milliseconds.
 *
 * <p>
 * The form holds the file's whole text and the name it was parsed under; {@link #decode} accepts
 * it only for exactly that text and name (anything else, an older format or a damaged file gives
 * empty, and the caller parses). Lines of tab-separated fields, with backslash, tab, newline and
 * carriage return escaped:
 *
 * <pre>
 * usdt-parsed  FORMAT  SOURCE-NAME
 * text         TEXT
 * provider     NAME  LINE  COLUMN
 * attribute    KEY  VALUE
 * probe        NAME  LINE  COLUMN
 * argument     NAME  DECLARED-TYPE  KIND          (empty NAME: none)
 * translated   NAME  DECLARED-TYPE  KIND
 * warning      LINE  COLUMN  MESSAGE  SOURCE-LINE
 * </pre>
 */
public final class PreparsedDefinitions {

	/** Appended to a provider file's name to name its parsed form. */
	public static final String SUFFIX = ".parsed";

	/** Raised whenever the parser's output for the same text may change. */
	static final String FORMAT = "1";

	private static final String HEADER = "usdt-parsed";

	private PreparsedDefinitions() {
	}

	/** The parsed form of {@code file}, which {@link ProviderParser} made from {@code text}. */
	public static String encode(DefinitionFile file, String text) {
		StringBuilder out = new StringBuilder(text.length() * 2 + 256);
		line(out, HEADER, FORMAT, file.source());
		line(out, "text", text);
		for (ProviderDefinition provider : file.providers()) {
			line(out, "provider", provider.name(), line(provider.location()), column(provider.location()));
			provider.attributes().forEach((key, value) -> line(out, "attribute", key, value));
			for (ProbeDefinition probe : provider.probes()) {
				line(out, "probe", probe.name(), line(probe.location()), column(probe.location()));
				probe.arguments().forEach((argument) -> argument(out, "argument", argument));
				probe.translatedArguments().forEach((argument) -> argument(out, "translated", argument));
			}
		}
		for (DefinitionProblem warning : file.warnings()) {
			line(out, "warning", line(warning.location()), column(warning.location()), warning.message(),
					warning.sourceLine());
		}
		return out.toString();
	}

	/**
	 * The file {@code encoded} holds, if it was made from exactly {@code text} under
	 * {@code sourceName} by a parser with this format; else empty.
	 */
	public static Optional<DefinitionFile> decode(String sourceName, String text, String encoded) {
		try {
			return Optional.ofNullable(new Reader(sourceName).read(text, encoded));
		}
		catch (RuntimeException ex) {
			// A damaged or foreign file: the caller parses the text instead
			return Optional.empty();
		}
	}

	private static String line(SourceLocation location) {
		return Integer.toString(location.line());
	}

	private static String column(SourceLocation location) {
		return Integer.toString(location.column());
	}

	private static void argument(StringBuilder out, String tag, ProbeArgument argument) {
		line(out, tag, (argument.name() != null) ? argument.name() : "", argument.declaredType(), argument.kind().name());
	}

	private static void line(StringBuilder out, String tag, String... fields) {
		out.append(tag);
		for (String field : fields) {
			out.append('\t');
			out.append(escape(field));
		}
		out.append('\n');
	}

	static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\t' -> escaped.append("\\t");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	static String unescape(String value) {
		StringBuilder plain = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '\\') {
				plain.append(c);
				continue;
			}
			char next = value.charAt(++i);
			plain.append(switch (next) {
				case '\\' -> '\\';
				case 't' -> '\t';
				case 'n' -> '\n';
				case 'r' -> '\r';
				default -> throw new IllegalArgumentException("Unknown escape \\" + next);
			});
		}
		return plain.toString();
	}

	/** Rebuilds the records line by line; {@code null} when the form does not fit the text. */
	private static final class Reader {

		private final String sourceName;

		private final List<ProviderDefinition> providers = new ArrayList<>();

		private final List<DefinitionProblem> warnings = new ArrayList<>();

		private String providerName;

		private SourceLocation providerLocation;

		private final Map<String, String> attributes = new LinkedHashMap<>();

		private final List<ProbeDefinition> probes = new ArrayList<>();

		private String probeName;

		private SourceLocation probeLocation;

		private final List<ProbeArgument> arguments = new ArrayList<>();

		private final List<ProbeArgument> translated = new ArrayList<>();

		Reader(String sourceName) {
			this.sourceName = sourceName;
		}

		DefinitionFile read(String text, String encoded) {
			String[] lines = encoded.split("\n", -1);
			String[] header = lines[0].split("\t", -1);
			if (lines.length < 2 || header.length != 3 || !header[0].equals(HEADER) || !header[1].equals(FORMAT)
					|| !unescape(header[2]).equals(this.sourceName) || !lines[1].equals("text\t" + escape(text))) {
				return null;
			}
			for (int i = 2; i < lines.length; i++) {
				if (!lines[i].isEmpty()) {
					accept(lines[i].split("\t", -1));
				}
			}
			endProvider();
			return new DefinitionFile(this.sourceName, this.providers, this.warnings);
		}

		private void accept(String[] fields) {
			switch (fields[0]) {
				case "provider" -> {
					endProvider();
					this.providerName = unescape(fields[1]);
					this.providerLocation = location(fields[2], fields[3]);
				}
				case "attribute" -> this.attributes.put(unescape(fields[1]), unescape(fields[2]));
				case "probe" -> {
					endProbe();
					this.probeName = unescape(fields[1]);
					this.probeLocation = location(fields[2], fields[3]);
				}
				case "argument" -> this.arguments.add(argument(fields));
				case "translated" -> this.translated.add(argument(fields));
				case "warning" -> this.warnings.add(new DefinitionProblem(DefinitionProblem.Severity.WARNING,
						location(fields[1], fields[2]), unescape(fields[3]), unescape(fields[4])));
				default -> throw new IllegalArgumentException("Unknown line " + fields[0]);
			}
		}

		private void endProbe() {
			if (this.probeName != null) {
				this.probes.add(new ProbeDefinition(this.probeName, this.arguments, this.translated, this.probeLocation));
				this.probeName = null;
				this.arguments.clear();
				this.translated.clear();
			}
		}

		private void endProvider() {
			endProbe();
			if (this.providerName != null) {
				this.providers.add(new ProviderDefinition(this.providerName, this.probes, this.attributes,
						this.providerLocation));
				this.providerName = null;
				this.probes.clear();
				this.attributes.clear();
			}
		}

		private SourceLocation location(String line, String column) {
			return new SourceLocation(this.sourceName, Integer.parseInt(line), Integer.parseInt(column));
		}

		private static ProbeArgument argument(String[] fields) {
			String name = unescape(fields[1]);
			return new ProbeArgument(name.isEmpty() ? null : name, unescape(fields[2]),
					ArgumentKind.valueOf(fields[3]));
		}

	}

}
