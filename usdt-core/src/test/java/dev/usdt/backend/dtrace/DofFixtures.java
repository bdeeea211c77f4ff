package dev.usdt.backend.dtrace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The DOF blobs of docs/dof.md §13, assembled here field by field from the layout that page
 * describes, without {@link DofBuilder}: a baseline provider and variants that each break one
 * rule the kernel checks. Independent of the builder so that "the builder reproduces the
 * baseline" is a real comparison.
 */
final class DofFixtures {

	/** Where the baseline's stubs lie: {@code 0x7f0000001000 + 0x20·i}. */
	static final long STUB_BASE = 0x7f0000001000L;

	static final int STUB_SPACING = 0x20;

	/** Evolving/Evolving/Common for all five attributes. */
	static final int ATTRIBUTES = 0x05050500;

	private static final int HEADER_SIZE = 64;

	private static final int SECTION_HEADER_SIZE = 32;

	private static final int PROBE_SIZE = 48;

	private static final int PROVIDER_SIZE = 44;

	// section types, index order of docs/dof.md §5.1
	private static final int[] TYPES = { 8, 16, 17, 18, 26, 15 };

	private static final int[] ALIGNMENTS = { 1, 8, 1, 4, 4, 4 };

	private static final int[] ENTRY_SIZES = { 0, 48, 1, 4, 4, 0 };

	private static final int PROBES = 1;

	private static final int PROVIDER = 5;

	record Probe(String function, String name, List<String> types, long address, List<Integer> offsets,
			List<Integer> enabledOffsets) {
	}

	private DofFixtures() {
	}

	/** {@code func:probe1(int, char *)} and {@code func:probe2()}, one site at 16 and one is-enabled site at 8 each. */
	static List<Probe> baselineProbes(List<Integer> offsets, List<Integer> enabledOffsets) {
		return List.of(new Probe("func", "probe1", List.of("int", "char *"), STUB_BASE, offsets, enabledOffsets),
				new Probe("func", "probe2", List.of(), STUB_BASE + STUB_SPACING, offsets, enabledOffsets));
	}

	private static List<Probe> oneProbe(String function, String name, List<String> types) {
		return List.of(new Probe(function, name, types, STUB_BASE, List.of(16), List.of(8)));
	}

	/** The fixture of that name in docs/dof.md §13. */
	static byte[] named(String name) {
		List<Probe> baseline = baselineProbes(List.of(16), List.of(8));
		return switch (name) {
			case "good_v1.dof" -> assemble(1, "myprov", baseline, true, (blob) -> {
			});
			case "good_v2.dof" -> assemble(2, "myprov", baseline, true, (blob) -> {
			});
			case "good_v3.dof" -> assemble(3, "myprov", baseline, true, (blob) -> {
			});
			case "ok_empty_prargs.dof" -> assemble(2, "myprov", oneProbe("f", "n", List.of()), false, (blob) -> {
			});
			case "ok_no_isenabled_v3.dof" -> assemble(3, "myprov", baselineProbes(List.of(16), List.of()), true,
					(blob) -> {
					});
			case "ok_provname_63.dof" -> assemble(2, "p".repeat(63), baseline, true, (blob) -> {
			});
			case "bad_magic.dof" -> variant(baseline, (blob) -> blob.bytes.put(1, (byte) 'E').put(2, (byte) 'L')
				.put(3, (byte) 'F'));
			case "bad_version4.dof" -> variant(baseline, (blob) -> blob.bytes.put(6, (byte) 4));
			case "bad_strtab_unterminated.dof" -> variant(baseline,
					(blob) -> blob.bytes.put(blob.offsets[0] + blob.sizes[0] - 1, (byte) 'X'));
			case "bad_loadsz_too_small.dof" -> variant(baseline, (blob) -> blob.bytes.putLong(40, 100));
			case "bad_noload_flag.dof" -> variant(baseline, (blob) -> {
				for (int i = 0; i < TYPES.length; i++) {
					blob.bytes.putInt(sectionHeader(i) + 8, 0);
				}
			});
			case "bad_misaligned_probes.dof" -> variant(baseline,
					(blob) -> blob.bytes.putLong(sectionHeader(PROBES) + 16, 0x134));
			case "bad_probes_entsize.dof" -> variant(baseline, (blob) -> blob.bytes.putInt(sectionHeader(PROBES) + 12, 44));
			case "bad_provname_64.dof" -> assemble(2, "p".repeat(64), baseline, true, (blob) -> {
			});
			case "bad_probename_64.dof" -> variant(oneProbe("f", "n".repeat(64), List.of()), (blob) -> {
			});
			case "bad_funcname_128.dof" -> variant(oneProbe("f".repeat(128), "n", List.of()), (blob) -> {
			});
			case "bad_argtype_128.dof" -> variant(oneProbe("f", "n", List.of("t".repeat(128))), (blob) -> {
			});
			case "bad_enoffidx_oob.dof" -> variant(baseline, (blob) -> {
				for (int i = 0; i < baseline.size(); i++) {
					blob.bytes.putInt(blob.offsets[PROBES] + PROBE_SIZE * i + 36, 7);
				}
			});
			case "bad_prenoffs_secidx_none.dof" -> variant(baseline,
					(blob) -> blob.bytes.putInt(blob.offsets[PROVIDER] + 40, 0xFFFFFFFF));
			case "bad_prenoffs_none_with_enoffs.dof" -> variant(baseline,
					(blob) -> blob.bytes.putInt(blob.offsets[PROVIDER] + 40, 0));
			case "bad_dup_offsets.dof" -> variant(baselineProbes(List.of(16, 16), List.of(8)), (blob) -> {
			});
			case "bad_zero_offsets.dof" -> variant(baselineProbes(List.of(), List.of()), (blob) -> {
			});
			default -> throw new IllegalArgumentException("no fixture " + name);
		};
	}

	private static byte[] variant(List<Probe> probes, Consumer<Blob> change) {
		return assemble(2, "myprov", probes, true, change);
	}

	private static int sectionHeader(int index) {
		return HEADER_SIZE + SECTION_HEADER_SIZE * index;
	}

	/** An assembled blob and where its sections' data lie, for the variants to patch. */
	private static final class Blob {

		final ByteBuffer bytes;

		final int[] offsets = new int[TYPES.length];

		final int[] sizes = new int[TYPES.length];

		Blob(int size) {
			this.bytes = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
		}

	}

	/**
	 * Lays out header, six section headers, then STRTAB, PROBES, PRARGS, PROFFS, PRENOFFS and
	 * PROVIDER, each padded to its alignment (docs/dof.md §5.1).
	 * @param atLeastOneArgumentByte whether PRARGS gets a single 0 when no probe has arguments
	 */
	private static byte[] assemble(int version, String provider, List<Probe> probes, boolean atLeastOneArgumentByte,
			Consumer<Blob> change) {
		Strings strings = new Strings();
		int providerName = strings.add(provider);
		ByteBuffer probeTable = ByteBuffer.allocate(PROBE_SIZE * probes.size()).order(ByteOrder.LITTLE_ENDIAN);
		ByteArrayOutputStream arguments = new ByteArrayOutputStream();
		List<Integer> offsets = new ArrayList<>();
		List<Integer> enabledOffsets = new ArrayList<>();
		for (Probe probe : probes) {
			int firstType = 0;
			for (int i = 0; i < probe.types().size(); i++) {
				int index = strings.add(probe.types().get(i));
				firstType = (i == 0) ? index : firstType;
			}
			int function = strings.add(probe.function());
			int name = strings.add(probe.name());
			probeTable.putLong(probe.address())
				.putInt(function)
				.putInt(name)
				.putInt(firstType)
				.putInt(firstType)
				.putInt(arguments.size())
				.putInt(offsets.size())
				.put((byte) probe.types().size())
				.put((byte) probe.types().size())
				.putShort((short) probe.offsets().size())
				.putInt(enabledOffsets.size())
				.putShort((short) probe.enabledOffsets().size())
				.putShort((short) 0)
				.putInt(0);
			for (int i = 0; i < probe.types().size(); i++) {
				arguments.write(i);
			}
			offsets.addAll(probe.offsets());
			enabledOffsets.addAll(probe.enabledOffsets());
		}
		if (arguments.size() == 0 && atLeastOneArgumentByte) {
			arguments.write(0);
		}
		ByteBuffer providerData = ByteBuffer.allocate(PROVIDER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
		providerData.putInt(0).putInt(1).putInt(2).putInt(3).putInt(providerName);
		for (int i = 0; i < 5; i++) {
			providerData.putInt(ATTRIBUTES);
		}
		providerData.putInt(4);
		byte[][] data = { strings.bytes(), probeTable.array(), arguments.toByteArray(), words(offsets),
				words(enabledOffsets), providerData.array() };
		int[] placed = new int[data.length];
		int end = HEADER_SIZE + SECTION_HEADER_SIZE * data.length;
		for (int i = 0; i < data.length; i++) {
			placed[i] = (end + ALIGNMENTS[i] - 1) / ALIGNMENTS[i] * ALIGNMENTS[i];
			end = placed[i] + data[i].length;
		}
		Blob blob = new Blob(end);
		ByteBuffer out = blob.bytes;
		out.put(new byte[] { 0x7f, 'D', 'O', 'F', 2, 1, (byte) version, 2, 8, 8, 0, 0, 0, 0, 0, 0 });
		out.putInt(0).putInt(HEADER_SIZE).putInt(SECTION_HEADER_SIZE).putInt(data.length);
		out.putLong(HEADER_SIZE).putLong(end).putLong(end).putLong(0);
		for (int i = 0; i < data.length; i++) {
			out.putInt(TYPES[i]).putInt(ALIGNMENTS[i]).putInt(1).putInt(ENTRY_SIZES[i]);
			out.putLong(placed[i]).putLong(data[i].length);
			blob.offsets[i] = placed[i];
			blob.sizes[i] = data[i].length;
		}
		for (int i = 0; i < data.length; i++) {
			out.put(placed[i], data[i]);
		}
		change.accept(blob);
		return out.array();
	}

	private static byte[] words(List<Integer> values) {
		ByteBuffer buffer = ByteBuffer.allocate(4 * values.size()).order(ByteOrder.LITTLE_ENDIAN);
		values.forEach(buffer::putInt);
		return buffer.array();
	}

	/** A string table: the empty string at 0, then every string as added, no de-duplication. */
	private static final class Strings {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		Strings() {
			this.bytes.write(0);
		}

		int add(String value) {
			int index = this.bytes.size();
			this.bytes.writeBytes(value.getBytes(StandardCharsets.UTF_8));
			this.bytes.write(0);
			return index;
		}

		byte[] bytes() {
			return this.bytes.toByteArray();
		}

	}

}
