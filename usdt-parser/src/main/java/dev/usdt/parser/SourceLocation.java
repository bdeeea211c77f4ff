package dev.usdt.parser;

/**
 * Where something was declared: a source name (a file path, a classpath URL, or a class for
 * definitions built in code), a 1-based line and a 1-based column. Line 0 means "not from a file".
 */
public record SourceLocation(String source, int line, int column) {

	public static SourceLocation of(String source) {
		return new SourceLocation(source, 0, 0);
	}

	@Override
	public String toString() {
		return (this.line > 0) ? this.source + ":" + this.line + ":" + this.column : this.source;
	}
}
