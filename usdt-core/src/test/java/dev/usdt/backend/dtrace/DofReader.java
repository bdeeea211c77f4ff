package dev.usdt.backend.dtrace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only DOF decoder and validator, written from dof.md (docs/dof.md §2–§4, §13) and independent of
 * {@link DofBuilder}: it applies the illumos-derived header, section, provider and probe checks plus
 * fasttrap's offset-uniqueness check, with Oracle Linux's version rules (v1–v3 accepted, is-enabled
 * tracepoints only for v3), and words its rejections as the checker quoted in docs/dof.md §13 does.
 */
final class DofReader {

	private static final int SECT_STRTAB = 8;

	private static final int SECT_PROVIDER = 15;

	private static final int SECT_PROBES = 16;

	private static final int SECT_PRARGS = 17;

	private static final int SECT_PROFFS = 18;

	private static final int SECT_PRENOFFS = 26;

	/** docs/dof.md §3.1 DOF_SEC_ISLOADABLE: the types that must carry DOF_SECF_LOAD. */
	private static final List<Integer> LOADABLE = List.of(8, 10, 12, 15, 16, 17, 18, 26);

	private final ByteBuffer dof;

	private final int version;

	private DofReader(byte[] bytes) {
		this.dof = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		this.version = (bytes.length > 6) ? bytes[6] : 0;
	}

	/** Decodes and validates a blob; never throws for bad input. */
	static Verdict check(byte[] bytes) {
		try {
			return new DofReader(bytes).read();
		}
		catch (Rejected ex) {
			return Verdict.rejected(ex.getMessage());
		}
	}

	private Verdict read() {
		int size = this.dof.capacity();
		if (size < 64) {
			throw new Rejected("truncated header");
		}
		if (!(u8(0) == 0x7F && u8(1) == 'D' && u8(2) == 'O' && u8(3) == 'F')) {
			String seen = new String(new byte[] { (byte) u8(1), (byte) u8(2), (byte) u8(3) }, StandardCharsets.ISO_8859_1);
			throw new Rejected("DOF magic string mismatch: " + seen + " versus DOF");
		}
		if (u8(4) != 1 && u8(4) != 2) {
			throw new Rejected("DOF has invalid data model: " + u8(4));
		}
		if (u8(5) != 1) {
			throw new Rejected("DOF encoding mismatch: " + u8(5));
		}
		if (this.version < 1 || this.version > 3) {
			throw new Rejected("DOF version mismatch: " + this.version);
		}
		if (u8(7) != 2) {
			throw new Rejected("DOF uses unsupported instruction set " + u8(7));
		}
		if (u8(8) > 8 || u8(9) > 8) {
			throw new Rejected("DOF uses too many integer or tuple registers");
		}
		for (int i = 10; i < 16; i++) {
			if (u8(i) != 0) {
				throw new Rejected("DOF has invalid ident byte set");
			}
		}
		if (u32(16) != 0) {
			throw new Rejected("DOF has invalid flag bits set");
		}
		long secsize = u32(24);
		long secnum = u32(28);
		long secoff = this.dof.getLong(32);
		long loadsz = this.dof.getLong(40);
		if (secsize == 0 || secsize % 8 != 0) {
			throw new Rejected("DOF has invalid section header size");
		}
		if (loadsz < 64 || loadsz > size) {
			throw new Rejected("DOF load size " + loadsz + " outside 64.." + size);
		}
		if (secoff % 8 != 0) {
			throw new Rejected("misaligned section headers");
		}
		if (secoff > loadsz || secoff + secnum * secsize > loadsz) {
			throw new Rejected("truncated section headers: " + secoff + ", " + loadsz + ", " + secnum * secsize);
		}
		List<Section> sections = new ArrayList<>();
		for (int i = 0; i < secnum; i++) {
			int at = (int) (secoff + i * secsize);
			Section section = new Section(i, (int) u32(at), u32(at + 4), (int) u32(at + 8), u32(at + 12),
					this.dof.getLong(at + 16), this.dof.getLong(at + 24));
			sections.add(section);
			boolean load = (section.flags & 1) != 0;
			if (LOADABLE.contains(section.type) && !load) {
				throw new Rejected("loadable section " + i + " with load flag unset");
			}
			if (!load) {
				continue;
			}
			if (section.align == 0 || (section.align & (section.align - 1)) != 0) {
				throw new Rejected("bad section alignment");
			}
			if ((section.offset & (section.align - 1)) != 0) {
				throw new Rejected("misaligned section " + i + ": " + Long.toHexString(section.offset)
						+ ", stated alignment " + section.align + "i");
			}
			if (section.offset > loadsz || section.size > loadsz || section.offset + section.size > loadsz) {
				throw new Rejected("corrupt section header " + i);
			}
			if (section.type == SECT_STRTAB && (section.size == 0 || u8((int) (section.offset + section.size - 1)) != 0)) {
				throw new Rejected("section " + i + ": non-0-terminated string table");
			}
		}
		List<Provider> providers = new ArrayList<>();
		for (Section section : sections) {
			if (section.type == SECT_PROVIDER) {
				providers.add(provider(section, sections));
			}
		}
		return Verdict.accepted(providers);
	}

	private Provider provider(Section section, List<Section> sections) {
		int at = (int) section.offset;
		if (section.size < ((this.version == 1) ? 40 : 44)) {
			throw new Rejected("provider section too small");
		}
		Section strtab = lookup(sections, u32(at), SECT_STRTAB);
		Section probes = lookup(sections, u32(at + 4), SECT_PROBES);
		Section prargs = lookup(sections, u32(at + 8), SECT_PRARGS);
		Section proffs = lookup(sections, u32(at + 12), SECT_PROFFS);
		Section prenoffs = null;
		if (section.size >= 44 && u32(at + 40) != 0) {
			prenoffs = lookup(sections, u32(at + 40), SECT_PRENOFFS);
		}
		String name = string(strtab, u32(at + 16), "invalid provider name");
		if (name.length() >= 64) {
			throw new Rejected("provider name too long: " + name);
		}
		List<Long> attributes = List.of(u32(at + 20), u32(at + 24), u32(at + 28), u32(at + 32), u32(at + 36));
		if (probes.entsize == 0 || probes.entsize > probes.size) {
			throw new Rejected("invalid entry size " + Long.toHexString(probes.entsize));
		}
		if (probes.entsize % 8 != 0) {
			throw new Rejected("misaligned entry size " + Long.toHexString(probes.entsize));
		}
		if (proffs.entsize != 4 || prargs.entsize != 1 || (prenoffs != null && prenoffs.entsize != 4)) {
			throw new Rejected("invalid entry size");
		}
		List<Probe> result = new ArrayList<>();
		for (long p = 0; p < probes.size / probes.entsize; p++) {
			result.add(probe((int) (probes.offset + p * probes.entsize), strtab, prargs, proffs, prenoffs));
		}
		return new Provider(name, attributes, result);
	}

	private Probe probe(int at, Section strtab, Section prargs, Section proffs, Section prenoffs) {
		long addr = this.dof.getLong(at);
		String function = string(strtab, u32(at + 8), "invalid function name");
		if (function.length() >= 128) {
			throw new Rejected("function name " + function + " too long");
		}
		String name = string(strtab, u32(at + 12), "invalid probe name");
		if (name.length() >= 64) {
			throw new Rejected("probe name " + name + " too long");
		}
		long nargv = u32(at + 16);
		long xargv = u32(at + 20);
		long argidx = u32(at + 24);
		long offidx = u32(at + 28);
		int nargc = u8(at + 32);
		int xargc = u8(at + 33);
		int noffs = u16(at + 34);
		long enoffidx = u32(at + 36);
		int nenoffs = u16(at + 40);
		if ((offidx + noffs) * 4 > proffs.size) {
			throw new Rejected("invalid probe offset");
		}
		if (prenoffs == null) {
			if (enoffidx != 0 || nenoffs != 0) {
				throw new Rejected("is-enabled offsets with null section");
			}
		}
		else if ((enoffidx + nenoffs) * prenoffs.entsize > prenoffs.size) {
			throw new Rejected("invalid is-enabled offset " + enoffidx + " (offset count " + nenoffs
					+ ", section entsize " + prenoffs.entsize + ", size " + prenoffs.size + ")");
		}
		if ((this.version == 1) ? noffs == 0 : noffs + nenoffs == 0) {
			throw new Rejected("zero probe and is-enabled offsets");
		}
		if (argidx + xargc > prargs.size) {
			throw new Rejected("invalid args");
		}
		List<String> types = new ArrayList<>();
		long index = nargv;
		for (int i = 0; i < nargc; i++) {
			String type = string(strtab, index, "native argument type for arg " + i + " invalid");
			if (type.length() + 1 > 128) {
				throw new Rejected("native argument type for arg " + i + " too long: " + type);
			}
			types.add(type);
			index += type.getBytes(StandardCharsets.UTF_8).length + 1;
		}
		index = xargv;
		for (int i = 0; i < xargc; i++) {
			if (u8((int) (prargs.offset + argidx + i)) > nargc) {
				throw new Rejected("invalid argument index for translated arg " + i);
			}
			String type = string(strtab, index, "translated argument type for arg " + i + " invalid");
			if (type.length() + 1 > 128) {
				throw new Rejected("translated argument type for arg " + i + " too long: " + type);
			}
			index += type.getBytes(StandardCharsets.UTF_8).length + 1;
		}
		List<Long> sites = new ArrayList<>();
		for (int i = 0; i < noffs; i++) {
			sites.add(addr + u32((int) (proffs.offset + (offidx + i) * 4)));
		}
		unique(sites);
		List<Long> enabledSites = new ArrayList<>();
		for (int i = 0; i < nenoffs; i++) {
			enabledSites.add(addr + u32((int) (prenoffs.offset + (enoffidx + i) * prenoffs.entsize)));
		}
		unique(enabledSites);
		// Oracle Linux: is-enabled offsets become tracepoints only for v3 (docs/dof.md §2.2)
		return new Probe(function, name, types, addr, sites, (this.version >= 3) ? enabledSites : List.of());
	}

	private static void unique(List<Long> sites) {
		List<Long> sorted = sites.stream().sorted(Long::compareUnsigned).toList();
		for (int i = 1; i < sorted.size(); i++) {
			if (Long.compareUnsigned(sorted.get(i), sorted.get(i - 1)) <= 0) {
				throw new Rejected("non-unique USDT offsets at " + i + ": " + Long.toUnsignedString(sorted.get(i))
						+ " <= " + Long.toUnsignedString(sorted.get(i - 1)));
			}
		}
	}

	private static Section lookup(List<Section> sections, long index, int type) {
		if (index >= sections.size()) {
			throw new Rejected("referenced section index " + index + " is invalid, above " + sections.size());
		}
		Section section = sections.get((int) index);
		if ((section.flags & 1) == 0) {
			throw new Rejected("referenced section " + index + " is not loadable");
		}
		if (section.type != type) {
			throw new Rejected("referenced section " + index + " is the wrong type");
		}
		return section;
	}

	private String string(Section strtab, long index, String error) {
		if (index >= strtab.size) {
			throw new Rejected(error);
		}
		int start = (int) (strtab.offset + index);
		int end = start;
		while (this.dof.get(end) != 0) {
			end++;
		}
		byte[] bytes = new byte[end - start];
		this.dof.get(start, bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private int u8(int at) {
		return this.dof.get(at) & 0xFF;
	}

	private int u16(int at) {
		return this.dof.getShort(at) & 0xFFFF;
	}

	private long u32(int at) {
		return this.dof.getInt(at) & 0xFFFFFFFFL;
	}

	private record Section(int index, int type, long align, int flags, long entsize, long offset, long size) {
	}

	/** A probe as decoded: its tracepoints are absolute ({@code dofpr_addr + offset}, no relocation). */
	record Probe(String function, String name, List<String> argumentTypes, long address, List<Long> sites,
			List<Long> enabledSites) {
	}

	record Provider(String name, List<Long> attributes, List<Probe> probes) {
	}

	/** ACCEPTED with the providers, or REJECTED with the reason. */
	record Verdict(boolean accepted, String reason, List<Provider> providers) {

		static Verdict accepted(List<Provider> providers) {
			return new Verdict(true, "", providers);
		}

		static Verdict rejected(String reason) {
			return new Verdict(false, reason, List.of());
		}

		/** As docs/dof.md §13 prints it. */
		String line() {
			return this.accepted ? "ACCEPTED" : "REJECTED: errno=22 (Invalid argument): " + this.reason;
		}

	}

	private static final class Rejected extends RuntimeException {

		Rejected(String message) {
			super(message);
		}

	}

}
