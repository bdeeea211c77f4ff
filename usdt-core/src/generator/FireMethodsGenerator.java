import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code dev/usdt/ProbeFireMethods.java}, the typed {@code fire} overloads of
 * {@code dev.usdt.Probe}: one per argument shape (every mix of {@code long} and {@code String} up
 * to four arguments, all-{@code long} for five and six). Each overload is the same few lines with
 * different parameters, so they are written here once instead of thirty times by hand; a
 * per-overload body (rather than one shared body taking boxed or widened arguments) keeps every
 * call free of boxing and array allocation.
 *
 * <p>
 * Run at build time by the {@code generate-sources} phase of usdt-core:
 * {@code java FireMethodsGenerator.java <output source root>}. The file is rewritten only when its
 * content changes, so incremental builds stay incremental.
 */
public final class FireMethodsGenerator {

	private static final int MIXED_UP_TO = 4;

	private static final int LONGS_UP_TO = 6;

	private static final int STUB_WORDS = 6;

	private FireMethodsGenerator() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			throw new IllegalArgumentException("usage: java FireMethodsGenerator.java <output source root>");
		}
		Path file = Path.of(args[0], "dev", "usdt", "ProbeFireMethods.java");
		String source = source();
		Files.createDirectories(file.getParent());
		if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(source)) {
			Files.writeString(file, source, StandardCharsets.UTF_8);
		}
	}

	/** Every shape, in the order the methods appear: by count, then long before String from the left. */
	static List<boolean[]> shapes() {
		List<boolean[]> shapes = new ArrayList<>();
		for (int count = 0; count <= MIXED_UP_TO; count++) {
			for (int combination = 0; combination < (1 << count); combination++) {
				boolean[] strings = new boolean[count];
				for (int i = 0; i < count; i++) {
					strings[i] = ((combination >>> (count - 1 - i)) & 1) != 0;
				}
				shapes.add(strings);
			}
		}
		for (int count = MIXED_UP_TO + 1; count <= LONGS_UP_TO; count++) {
			shapes.add(new boolean[count]);
		}
		return shapes;
	}

	static String source() {
		StringBuilder out = new StringBuilder(HEADER);
		for (boolean[] shape : shapes()) {
			method(out, shape);
		}
		return out.append("\n}\n").toString();
	}

	private static void method(StringBuilder out, boolean[] strings) {
		int count = strings.length;
		int mask = 0;
		StringBuilder letters = new StringBuilder();
		List<String> parameters = new ArrayList<>();
		List<String> kinds = new ArrayList<>();
		List<String> words = new ArrayList<>();
		boolean anyString = false;
		for (int i = 0; i < count; i++) {
			if (strings[i]) {
				mask |= 1 << i;
				anyString = true;
			}
			letters.append(strings[i] ? 'S' : 'L');
			parameters.add((strings[i] ? "String a" : "long a") + i);
			kinds.add(strings[i] ? "string" : "integer");
			words.add(strings[i] ? "s.put(" + i + ", a" + i + ")" : "a" + i);
		}
		while (words.size() < STUB_WORDS) {
			words.add("0");
		}
		String constant = "SHAPE_" + ((count == 0) ? "NONE" : letters);
		String call = "this.function.call(" + String.join(", ", words) + ");";
		out.append("\n\tprivate static final int ").append(constant).append(" = ArgumentShape.of(").append(count)
			.append(", 0b").append(binary(mask, count)).append(");\n\n");
		out.append("\t/** Fires a probe declared with ").append(count).append(" argument").append((count != 1) ? "s" : "");
		if (count > 0) {
			out.append(" (").append(String.join(", ", kinds)).append(")");
		}
		out.append(". */\n");
		out.append("\tpublic void fire(").append(String.join(", ", parameters)).append(") {\n");
		out.append("\t\tcheckShape(").append(constant).append(");\n");
		out.append("\t\tif (shouldFire()) {\n");
		if (anyString) {
			out.append("\t\t\tNativeStrings.Slot s = this.strings.acquire();\n");
			out.append("\t\t\ttry {\n");
			out.append("\t\t\t\t").append(call).append("\n");
			out.append("\t\t\t}\n");
			out.append("\t\t\tfinally {\n");
			out.append("\t\t\t\tthis.strings.release(s);\n");
			out.append("\t\t\t}\n");
		}
		else {
			out.append("\t\t\t").append(call).append("\n");
		}
		out.append("\t\t}\n");
		out.append("\t}\n");
	}

	private static String binary(int mask, int count) {
		String digits = Integer.toBinaryString(mask);
		return "0".repeat(Math.max(1, count) - digits.length()) + digits;
	}

	private static final String HEADER = """
			package dev.usdt;

			import dev.usdt.nativeaccess.NativeStrings;
			import dev.usdt.nativeaccess.ProbeFunction;

			// Generated at build time by usdt-core/src/generator/FireMethodsGenerator.java: edit that, not this.

			/**
			 * The typed fire methods of {@link Probe}, one per argument shape (every mix of long and String up
			 * to four arguments, all-long up to six). Each checks the shape, asks {@link #shouldFire()}, and
			 * only then touches native memory. Use {@link Probe#fireArgs(Object...)} for other mixes of five or
			 * six arguments.
			 */
			abstract sealed class ProbeFireMethods permits Probe {

				/** The probe's stub, the function the tracer's breakpoint sits in. */
				final ProbeFunction function;

				final NativeStrings strings;

				/** The declared arguments, as {@link ArgumentShape} encodes them. */
				final int shape;

				ProbeFireMethods(int shape, ProbeFunction function, NativeStrings strings) {
					this.shape = shape;
					this.function = function;
					this.strings = strings;
				}

				/** Whether a tracer has this probe enabled; see {@link Probe#shouldFire()}. */
				public abstract boolean shouldFire();

				/** The exception for a call whose arguments differ from the declaration. */
				abstract IllegalArgumentException mismatch(String given);

				final void checkShape(int expected) {
					if (expected != this.shape) {
						throw mismatch(ArgumentShape.describe(expected));
					}
				}
			""";

}
