package dev.usdt.backend.dtrace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.usdt.backend.LittleEndianBuffer;

import static dev.usdt.backend.dtrace.DofFormat.ARGUMENT_COUNT_MAX;
import static dev.usdt.backend.dtrace.DofFormat.ARGUMENT_TYPE_MAX;
import static dev.usdt.backend.dtrace.DofFormat.DIF_DIR_NREGS;
import static dev.usdt.backend.dtrace.DofFormat.DIF_DTR_NREGS;
import static dev.usdt.backend.dtrace.DofFormat.DIF_VERSION_2;
import static dev.usdt.backend.dtrace.DofFormat.ENCODE_LSB;
import static dev.usdt.backend.dtrace.DofFormat.FUNCTION_NAME_MAX;
import static dev.usdt.backend.dtrace.DofFormat.HEADER_FILESZ_OFFSET;
import static dev.usdt.backend.dtrace.DofFormat.HEADER_FLAGS;
import static dev.usdt.backend.dtrace.DofFormat.HEADER_LOADSZ_OFFSET;
import static dev.usdt.backend.dtrace.DofFormat.HEADER_SIZE;
import static dev.usdt.backend.dtrace.DofFormat.IDENT_SIZE;
import static dev.usdt.backend.dtrace.DofFormat.MAGIC;
import static dev.usdt.backend.dtrace.DofFormat.MODEL_LP64;
import static dev.usdt.backend.dtrace.DofFormat.NO_ENTSIZE;
import static dev.usdt.backend.dtrace.DofFormat.OFFSETS_ALIGN;
import static dev.usdt.backend.dtrace.DofFormat.OFFSET_COUNT_MAX;
import static dev.usdt.backend.dtrace.DofFormat.OFFSET_ENTSIZE;
import static dev.usdt.backend.dtrace.DofFormat.PRARGS_ALIGN;
import static dev.usdt.backend.dtrace.DofFormat.PRARGS_ENTSIZE;
import static dev.usdt.backend.dtrace.DofFormat.PRARGS_INDEX;
import static dev.usdt.backend.dtrace.DofFormat.PRENOFFS_INDEX;
import static dev.usdt.backend.dtrace.DofFormat.PROBES_ALIGN;
import static dev.usdt.backend.dtrace.DofFormat.PROBES_INDEX;
import static dev.usdt.backend.dtrace.DofFormat.PROBE_NAME_MAX;
import static dev.usdt.backend.dtrace.DofFormat.PROBE_SIZE;
import static dev.usdt.backend.dtrace.DofFormat.PROFFS_INDEX;
import static dev.usdt.backend.dtrace.DofFormat.PROVIDER_ALIGN;
import static dev.usdt.backend.dtrace.DofFormat.PROVIDER_NAME_MAX;
import static dev.usdt.backend.dtrace.DofFormat.PROVIDER_NAME_PRACTICAL_MAX;
import static dev.usdt.backend.dtrace.DofFormat.PROVIDER_SIZE;
import static dev.usdt.backend.dtrace.DofFormat.SECF_LOAD;
import static dev.usdt.backend.dtrace.DofFormat.SECTIONS_PER_PROVIDER;
import static dev.usdt.backend.dtrace.DofFormat.SECTION_HEADER_SIZE;
import static dev.usdt.backend.dtrace.DofFormat.SECT_PRARGS;
import static dev.usdt.backend.dtrace.DofFormat.SECT_PRENOFFS;
import static dev.usdt.backend.dtrace.DofFormat.SECT_PROBES;
import static dev.usdt.backend.dtrace.DofFormat.SECT_PROFFS;
import static dev.usdt.backend.dtrace.DofFormat.SECT_PROVIDER;
import static dev.usdt.backend.dtrace.DofFormat.SECT_STRTAB;
import static dev.usdt.backend.dtrace.DofFormat.STRTAB_ALIGN;
import static dev.usdt.backend.dtrace.DofFormat.STRTAB_INDEX;

/**
 * Writes a helper DOF blob (docs/dof.md §2–§5): header, then six section headers per provider, then the section
 * data in the docs/dof.md §5.1 order with each start padded to its alignment. Everything is loadable and
 * {@code loadsz == filesz} (docs/dof.md §1); addresses are absolute and no relocation sections are written
 * (docs/dof.md §5.3). Several providers share one blob, each with its own six sections (§5.2).
 *
 * <p>
 * The builder enforces what the kernel would reject (docs/dof.md §4, §13) and the limits no checker covers but
 * that make a registration silently useless (docs/dof.md §10: provider names without room for the pid,
 * reserved names, Oracle Linux path components, the per-OS DOF size). It is pure Java: the same
 * bytes come out on every machine, which is what lets the CLI show exactly what registration
 * passes.
 */
public final class DofBuilder {

	private final DtraceOs os;

	private final int version;

	/** A builder for the DOF version the OS needs (docs/dof.md §2.2). */
	public DofBuilder(DtraceOs os) {
		this(os, os.dofVersion());
	}

	/** A builder with an explicit version: 2 or 3, as illumos/FreeBSD, macOS and Oracle Linux accept. */
	DofBuilder(DtraceOs os, int version) {
		this.os = os;
		this.version = version;
	}

	/**
	 * The DOF describing the providers.
	 * @throws DofException if a name, count or the size breaks a limit of the target OS
	 */
	public byte[] build(List<DofProvider> providers) {
		if (providers.isEmpty()) {
			throw new DofException("A DOF needs at least one provider");
		}
		List<byte[][]> sections = new ArrayList<>();
		for (DofProvider provider : providers) {
			sections.add(providerSections(provider, sections.size() * SECTIONS_PER_PROVIDER));
		}
		int sectionCount = sections.size() * SECTIONS_PER_PROVIDER;
		LittleEndianBuffer dof = new LittleEndianBuffer(HEADER_SIZE + sectionCount * SECTION_HEADER_SIZE + 1024);
		writeHeader(dof, sectionCount);
		int headersAt = dof.position();
		dof.fill(0, sectionCount * SECTION_HEADER_SIZE);
		int index = 0;
		for (byte[][] data : sections) {
			for (int s = 0; s < SECTIONS_PER_PROVIDER; s++, index++) {
				SectionKind kind = SectionKind.LAYOUT.get(s);
				dof.align(kind.align);
				int offset = dof.position();
				dof.bytes(data[s]);
				writeSectionHeader(dof, headersAt + index * SECTION_HEADER_SIZE, kind, offset, data[s].length);
			}
		}
		int size = dof.position();
		if (size > this.os.maxDofSize()) {
			throw new DofException("The DOF for " + names(providers) + " is " + size + " bytes; " + this.os.displayName()
					+ " takes at most " + this.os.maxDofSize() + " (docs/dof.md §3.2): split the providers");
		}
		dof.putU64(HEADER_LOADSZ_OFFSET, size);
		dof.putU64(HEADER_FILESZ_OFFSET, size);
		return dof.toByteArray();
	}

	private void writeHeader(LittleEndianBuffer dof, int sectionCount) {
		// docs/dof.md §2.2 ident, then §2.1 fields in order
		dof.bytes(MAGIC).u8(MODEL_LP64).u8(ENCODE_LSB).u8(this.version).u8(DIF_VERSION_2).u8(DIF_DIR_NREGS)
			.u8(DIF_DTR_NREGS).padTo(IDENT_SIZE);
		dof.u32(HEADER_FLAGS).u32(HEADER_SIZE).u32(SECTION_HEADER_SIZE).u32(sectionCount);
		dof.u64(HEADER_SIZE); // dofh_secoff: section headers follow the header
		dof.u64(0).u64(0); // dofh_loadsz, dofh_filesz: patched at the end
		dof.u64(0); // dofh_pad
	}

	private static void writeSectionHeader(LittleEndianBuffer dof, int at, SectionKind kind, int offset, int size) {
		dof.putU32(at, kind.type);
		dof.putU32(at + 4, kind.align);
		dof.putU32(at + 8, SECF_LOAD);
		dof.putU32(at + 12, kind.entsize);
		dof.putU64(at + 16, offset);
		dof.putU64(at + 24, size);
	}

	/** The data of a provider's six sections in {@link SectionKind#LAYOUT} order. */
	private byte[][] providerSections(DofProvider provider, int firstSection) {
		checkProviderName(provider.name());
		StringTable strings = new StringTable();
		int providerName = strings.add(provider.name());
		LittleEndianBuffer probes = new LittleEndianBuffer();
		LittleEndianBuffer prargs = new LittleEndianBuffer();
		LittleEndianBuffer proffs = new LittleEndianBuffer();
		LittleEndianBuffer prenoffs = new LittleEndianBuffer();
		for (DofProbe probe : provider.probes()) {
			checkProbe(provider, probe);
			int argv = 0; // docs/dof.md §4.2: anything when nargc == 0
			for (int i = 0; i < probe.argumentTypes().size(); i++) {
				int index = strings.add(probe.argumentTypes().get(i));
				argv = (i == 0) ? index : argv;
			}
			int function = strings.add(probe.function());
			int name = strings.add(probe.name());
			int argidx = prargs.position();
			for (int i = 0; i < probe.argumentTypes().size(); i++) {
				prargs.u8(i); // docs/dof.md §4.3 identity map: translated i comes from native i
			}
			int offidx = proffs.position() / OFFSET_ENTSIZE;
			probe.offsets().forEach(proffs::u32);
			int enoffidx = prenoffs.position() / OFFSET_ENTSIZE;
			probe.enabledOffsets().forEach(prenoffs::u32);
			int argc = probe.argumentTypes().size();
			// docs/dof.md §4.2 dof_probe_t, 48 bytes; xargv = nargv (translated types = native types)
			probes.u64(probe.address()).u32(function).u32(name).u32(argv).u32(argv).u32(argidx).u32(offidx);
			probes.u8(argc).u8(argc).u16(probe.offsets().size()).u32(enoffidx).u16(probe.enabledOffsets().size());
			probes.u16(0).u32(0); // dofpr_pad1, dofpr_pad2
		}
		if (prargs.position() == 0) {
			prargs.u8(0); // docs/dof.md §4.3: always at least one byte, as every existing writer does
		}
		LittleEndianBuffer header = new LittleEndianBuffer(PROVIDER_SIZE);
		// docs/dof.md §4.6 dof_provider_t: section indices of this provider's sections, then name and attributes
		header.u32(firstSection + STRTAB_INDEX).u32(firstSection + PROBES_INDEX).u32(firstSection + PRARGS_INDEX);
		header.u32(firstSection + PROFFS_INDEX).u32(providerName);
		DofAttributes attributes = provider.attributes();
		header.u32(attributes.provider()).u32(attributes.module()).u32(attributes.function());
		header.u32(attributes.name()).u32(attributes.args());
		header.u32(firstSection + PRENOFFS_INDEX); // never 0: STRTAB holds index 0 (docs/dof.md §4.6)
		return new byte[][] { strings.toByteArray(), probes.toByteArray(), prargs.toByteArray(),
				proffs.toByteArray(), prenoffs.toByteArray(), header.toByteArray() };
	}

	private void checkProviderName(String name) {
		checkComponent("Provider", name, name);
		int length = utf8Length(name);
		if (length > PROVIDER_NAME_PRACTICAL_MAX) {
			throw new DofException("Provider name '" + name + "' is " + length + " bytes; DTrace appends the pid and"
					+ " fasttrap refuses names over " + PROVIDER_NAME_PRACTICAL_MAX + " bytes (the DOF limit is "
					+ PROVIDER_NAME_MAX + ", docs/dof.md §10): shorten it");
		}
		if (this.os.reservedProviderNames().contains(name)) {
			throw new DofException("Provider name '" + name + "' is reserved on " + this.os.displayName()
					+ " (docs/dof.md §10): choose another name");
		}
	}

	private void checkProbe(DofProvider provider, DofProbe probe) {
		String where = provider.name() + ":" + probe.name();
		checkComponent("Probe", probe.name(), where);
		checkComponent("Function", probe.function(), where);
		checkLength("Probe name", probe.name(), PROBE_NAME_MAX, where);
		checkLength("Function name", probe.function(), FUNCTION_NAME_MAX, where);
		for (String type : probe.argumentTypes()) {
			checkLength("Argument type", type, ARGUMENT_TYPE_MAX, where);
		}
		if (probe.argumentTypes().size() > ARGUMENT_COUNT_MAX) {
			throw new DofException("Probe " + where + " has " + probe.argumentTypes().size()
					+ " arguments; DOF holds at most " + ARGUMENT_COUNT_MAX + " (docs/dof.md §4.2)");
		}
		if (probe.offsets().size() > OFFSET_COUNT_MAX || probe.enabledOffsets().size() > OFFSET_COUNT_MAX) {
			throw new DofException("Probe " + where + " has more than " + OFFSET_COUNT_MAX + " sites (docs/dof.md §4.2)");
		}
		if (probe.offsets().isEmpty() && probe.enabledOffsets().isEmpty()) {
			throw new DofException("Probe " + where + " has no probe or is-enabled site (docs/dof.md §4.2)");
		}
		TreeSet<Long> sites = new TreeSet<>();
		for (int offset : probe.offsets()) {
			if (!sites.add(Integer.toUnsignedLong(offset))) {
				throw new DofException("Probe " + where + " has the site offset " + Integer.toUnsignedString(offset)
						+ " twice; the kernel would drop the probe (docs/dof.md §4.2)");
			}
		}
	}

	private void checkComponent(String what, String value, String where) {
		if (value.isEmpty()) {
			throw new DofException(what + " name of " + where + " is empty");
		}
		if (value.indexOf('\0') >= 0) {
			throw new DofException(what + " name of " + where + " contains a NUL character");
		}
		if (this.os.namesArePathComponents()
				&& (value.contains("/") || value.contains(":") || value.equals(".") || value.equals(".."))) {
			throw new DofException(what + " name '" + value + "' of " + where + " cannot be used on Oracle Linux,"
					+ " where it becomes a path component and a prv:mod:fun:prb key (docs/dof.md §10): avoid '/', ':',"
					+ " '.' and '..'");
		}
	}

	private static void checkLength(String what, String value, int max, String where) {
		int length = utf8Length(value);
		if (length > max) {
			throw new DofException(what + " '" + value + "' of " + where + " is " + length
					+ " bytes; DTrace takes at most " + max + " (docs/dof.md §10)");
		}
	}

	private static int utf8Length(String value) {
		return value.getBytes(StandardCharsets.UTF_8).length;
	}

	private static String names(List<DofProvider> providers) {
		return String.join(", ", providers.stream().map(DofProvider::name).toList());
	}

	/** docs/dof.md §4.1: NUL-terminated strings, index 0 the empty string, no de-duplication. */
	private static final class StringTable {

		private final LittleEndianBuffer bytes = new LittleEndianBuffer();

		StringTable() {
			this.bytes.u8(0);
		}

		int add(String value) {
			int index = this.bytes.position();
			this.bytes.cString(value);
			return index;
		}

		byte[] toByteArray() {
			return this.bytes.toByteArray();
		}

	}

	/** docs/dof.md §5.1: type, alignment and entry size of the six sections, in their index order. */
	private record SectionKind(int type, int align, int entsize) {

		static final List<SectionKind> LAYOUT = List.of(new SectionKind(SECT_STRTAB, STRTAB_ALIGN, NO_ENTSIZE),
				new SectionKind(SECT_PROBES, PROBES_ALIGN, PROBE_SIZE),
				new SectionKind(SECT_PRARGS, PRARGS_ALIGN, PRARGS_ENTSIZE),
				new SectionKind(SECT_PROFFS, OFFSETS_ALIGN, OFFSET_ENTSIZE),
				new SectionKind(SECT_PRENOFFS, OFFSETS_ALIGN, OFFSET_ENTSIZE),
				new SectionKind(SECT_PROVIDER, PROVIDER_ALIGN, NO_ENTSIZE));

	}

}
