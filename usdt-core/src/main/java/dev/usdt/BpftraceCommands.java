package dev.usdt;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Writes {@code bpftrace} command lines that are safe to paste into a POSIX shell whatever the
 * probe library's path contains ({@code '}, spaces, {@code $}, backquotes, newlines): each shell
 * word is single-quoted, a {@code '} inside written {@code '\''}, so the shell expands nothing.
 *
 * <p>
 * Inside the bpftrace program the library path is written bare when it is plain, in bpftrace's
 * double quotes when it holds other printable characters, and as {@code *} (with {@code -p PID},
 * bpftrace then searches the libraries the process has mapped) when bpftrace 0.17 could not read
 * it back: a backslash beside other special characters, a glob character, or a control character
 * such as a newline. bpftrace finds no library whose path holds a control character, not even in
 * its search of the process: {@link #canName} says so beforehand.
 */
public final class BpftraceCommands {

	/** Shell words that need no quotes (they contain nothing a POSIX shell would interpret). */
	private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

	/** Library paths bpftrace reads bare in an attach point (a backslash only there, not in quotes). */
	private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9_./+\\\\-]+");

	/** Characters bpftrace's quoted attach-point strings cannot carry. */
	private static final Pattern UNQUOTABLE = Pattern.compile("[\\\\*?\\[\\]\\p{Cntrl}]");

	private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

	private BpftraceCommands() {
	}

	/**
	 * {@code bpftrace -l 'usdt:LIBRARY:*'}, listing the probes of one library; or, when the path
	 * cannot be written in a bpftrace program or is unknown, {@code bpftrace -p PID -l 'usdt:*'}.
	 * @param library the probe library, or {@code null}
	 */
	public static String listProbes(long pid, Path library) {
		String target = (library != null) ? libraryTarget(library) : "*";
		if (target.equals("*")) {
			return "bpftrace -p " + pid + " -l " + shellQuote("usdt:*");
		}
		return "bpftrace -l " + shellQuote("usdt:" + target + ":*");
	}

	/** {@code bpftrace -p PID -e 'PROGRAM'}, the program quoted as one shell word. */
	public static String run(long pid, String program) {
		return "bpftrace -p " + pid + " -e " + shellQuote(program);
	}

	/**
	 * The attach point {@code usdt:LIBRARY:PROVIDER:PROBE} of a probe, for a program run with
	 * {@code -p PID}.
	 * @param library the probe library, or {@code null} to let bpftrace search the process
	 */
	public static String attachPoint(Path library, String provider, String probe) {
		return "usdt:" + ((library != null) ? libraryTarget(library) : "*") + ":" + provider + ":" + probe;
	}

	/**
	 * One shell word holding exactly {@code word}: unchanged when nothing in it is special to a
	 * shell, else in single quotes, each {@code '} written as {@code '\''}.
	 */
	public static String shellQuote(String word) {
		if (PLAIN_WORD.matcher(word).matches()) {
			return word;
		}
		return "'" + word.replace("'", "'\\''") + "'";
	}

	/** Whether bpftrace can find a library at this path at all (no control character such as a newline). */
	public static boolean canName(Path library) {
		return !CONTROL.matcher(library.toString()).find();
	}

	/** The library as bpftrace reads it in an attach point: bare, double-quoted, or {@code *}. */
	private static String libraryTarget(Path library) {
		String path = library.toString();
		if (PLAIN_PATH.matcher(path).matches()) {
			return path;
		}
		if (UNQUOTABLE.matcher(path).find()) {
			return "*";
		}
		return "\"" + path.replace("\"", "\\\"") + "\"";
	}

}
