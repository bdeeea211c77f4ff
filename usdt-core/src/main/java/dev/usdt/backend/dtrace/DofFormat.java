package dev.usdt.backend.dtrace;

/**
 * The numbers of the DOF format that the builder writes, each named once and annotated with the
 * section of docs/dof.md that describes it. Nothing here is computed; the builder and the
 * helper struct read these names instead of literals so a reader can check every byte against
 * that page.
 */
final class DofFormat {

	private DofFormat() {
	}

	// docs/dof.md §2.1 dof_hdr_t

	/** docs/dof.md §2.1: size of {@code dof_hdr_t}; also {@code dofh_hdrsize} and {@code dofh_secoff}. */
	static final int HEADER_SIZE = 64;

	/** docs/dof.md §2.2: {@code dofh_ident} length. */
	static final int IDENT_SIZE = 16;

	/** docs/dof.md §2.2: {@code "\177DOF"}. */
	static final byte[] MAGIC = { 0x7F, 'D', 'O', 'F' };

	/** docs/dof.md §2.2 DOF_ID_MODEL: {@code DOF_MODEL_LP64}, every JVM we support is 64-bit. */
	static final int MODEL_LP64 = 2;

	/** docs/dof.md §2.2 DOF_ID_ENCODING: {@code DOF_ENCODE_LSB}; x86-64 and arm64 are little-endian. */
	static final int ENCODE_LSB = 1;

	/** docs/dof.md §2.2 DOF_ID_DIFVERS: {@code DIF_VERSION_2}, the only value accepted. */
	static final int DIF_VERSION_2 = 2;

	/** docs/dof.md §2.2 DOF_ID_DIFIREG: {@code DIF_DIR_NREGS}. */
	static final int DIF_DIR_NREGS = 8;

	/** docs/dof.md §2.2 DOF_ID_DIFTREG: {@code DIF_DTR_NREGS}. */
	static final int DIF_DTR_NREGS = 8;

	/** docs/dof.md §2.1: {@code dofh_flags} must be 0 ({@code DOF_FL_VALID}). */
	static final int HEADER_FLAGS = 0;

	/** docs/dof.md §2.1: offset of {@code dofh_loadsz}, patched once the size is known. */
	static final int HEADER_LOADSZ_OFFSET = 40;

	/** docs/dof.md §2.1: offset of {@code dofh_filesz}; always equal to {@code dofh_loadsz} (§1). */
	static final int HEADER_FILESZ_OFFSET = 48;

	// docs/dof.md §3.1 dof_sec_t

	/** docs/dof.md §3.1: size of {@code dof_sec_t}; also {@code dofh_secsize}. */
	static final int SECTION_HEADER_SIZE = 32;

	/** docs/dof.md §3.1: {@code DOF_SECF_LOAD}; every section we write is loadable and must carry it. */
	static final int SECF_LOAD = 1;

	/** docs/dof.md §3.1: section type numbers. */
	static final int SECT_NONE = 0;

	static final int SECT_STRTAB = 8;

	static final int SECT_PROVIDER = 15;

	static final int SECT_PROBES = 16;

	static final int SECT_PRARGS = 17;

	static final int SECT_PROFFS = 18;

	static final int SECT_PRENOFFS = 26;

	// docs/dof.md §5.1 the recommended layout: index, alignment and entry size of the six sections

	/** docs/dof.md §5.1: sections per provider (STRTAB, PROBES, PRARGS, PROFFS, PRENOFFS, PROVIDER). */
	static final int SECTIONS_PER_PROVIDER = 6;

	/** docs/dof.md §5.1 index 0: STRTAB first, so PRENOFFS is never section 0 (§4.6). */
	static final int STRTAB_INDEX = 0;

	static final int PROBES_INDEX = 1;

	static final int PRARGS_INDEX = 2;

	static final int PROFFS_INDEX = 3;

	static final int PRENOFFS_INDEX = 4;

	static final int PROVIDER_INDEX = 5;

	/** docs/dof.md §4.1: STRTAB is byte data; never 0 (§3.1: align 0 is a trap). */
	static final int STRTAB_ALIGN = 1;

	/** docs/dof.md §4.2: {@code dof_probe_t} holds a u64. */
	static final int PROBES_ALIGN = 8;

	/** docs/dof.md §4.3: {@code uint8_t} array. */
	static final int PRARGS_ALIGN = 1;

	/** docs/dof.md §4.4 and §4.5: {@code uint32_t} arrays. */
	static final int OFFSETS_ALIGN = 4;

	/** docs/dof.md §4.6: {@code dof_provider_t} holds u32 fields only. */
	static final int PROVIDER_ALIGN = 4;

	/** docs/dof.md §4.2: {@code sizeof(dof_probe_t)}; PROBES entsize (a multiple of 8). */
	static final int PROBE_SIZE = 48;

	/** docs/dof.md §4.3: PRARGS entsize must be 1. */
	static final int PRARGS_ENTSIZE = 1;

	/** docs/dof.md §4.4 and §4.5: PROFFS and PRENOFFS entsize. */
	static final int OFFSET_ENTSIZE = 4;

	/** docs/dof.md §4.6: {@code sizeof(dof_provider_t)} for v2 and v3 (with {@code dofpv_prenoffs}). */
	static final int PROVIDER_SIZE = 44;

	/** docs/dof.md §3.1: entsize of sections that are not tables (STRTAB, PROVIDER). */
	static final int NO_ENTSIZE = 0;

	// docs/dof.md §4.1, §10 limits

	/** docs/dof.md §10: {@code DTRACE_PROVNAMELEN} 64, so {@code strlen < 64}. */
	static final int PROVIDER_NAME_MAX = 63;

	/** docs/dof.md §10: fasttrap appends the pid; {@code strlen(name) + 10 ≥ 64} is refused on illumos and xnu. */
	static final int PROVIDER_NAME_PRACTICAL_MAX = 53;

	/** docs/dof.md §10: {@code DTRACE_NAMELEN} 64. */
	static final int PROBE_NAME_MAX = 63;

	/** docs/dof.md §10: {@code DTRACE_FUNCNAMELEN} 128. */
	static final int FUNCTION_NAME_MAX = 127;

	/** docs/dof.md §10: {@code DTRACE_ARGTYPELEN} 128 including the NUL. */
	static final int ARGUMENT_TYPE_MAX = 127;

	/** docs/dof.md §4.2: {@code dofpr_nargc} is a u8. */
	static final int ARGUMENT_COUNT_MAX = 255;

	/** docs/dof.md §4.2: {@code dofpr_noffs} and {@code dofpr_nenoffs} are u16. */
	static final int OFFSET_COUNT_MAX = 0xFFFF;

	// docs/dof.md §6.1 dof_helper_t

	/** docs/dof.md §6.1: {@code char dofhp_mod[64]}. */
	static final int HELPER_MODULE_SIZE = 64;

	/** docs/dof.md §6.1: offset of {@code dofhp_addr}. */
	static final int HELPER_ADDR_OFFSET = 64;

	/** docs/dof.md §6.1: offset of {@code dofhp_dof}. */
	static final int HELPER_DOF_OFFSET = 72;

	/** docs/dof.md §6.1: FreeBSD ≥ 11 {@code dofhp_pid}. */
	static final int HELPER_PID_OFFSET = 80;

	/** docs/dof.md §6.1: FreeBSD ≥ 11 {@code dofhp_gen}. */
	static final int HELPER_GEN_OFFSET = 84;

	/** docs/dof.md §6.1: {@code sizeof(dof_helper_t)} on illumos, macOS and Oracle Linux. */
	static final int HELPER_SIZE = 80;

	/** docs/dof.md §6.1: {@code sizeof(dof_helper_t)} on FreeBSD ≥ 11. */
	static final int HELPER_SIZE_FREEBSD = 88;

	/** docs/dof.md §6.2 macOS: {@code dof_ioctl_data_t} starts with {@code uint64_t dofiod_count}. */
	static final int IOCTL_DATA_COUNT_SIZE = 8;

}
