package dev.usdt.backend.stapsdt;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.usdt.parser.QuotedText;

import static dev.usdt.backend.stapsdt.MachineCode.AARCH64_RET;
import static dev.usdt.backend.stapsdt.MachineCode.aarch64Br;
import static dev.usdt.backend.stapsdt.MachineCode.aarch64Mov;
import static dev.usdt.backend.stapsdt.MachineCode.bytes;
import static dev.usdt.backend.stapsdt.MachineCode.concat;
import static dev.usdt.backend.stapsdt.MachineCode.words;

/**
 * What differs between the processors the stapsdt backend supports: the ELF machine number, the
 * machine code of a probe stub and of the call trampoline, and where the C calling convention puts
 * each argument at a stub's first instruction (which is what the SDT argument string names).
 * Everything else in the generated shared object is the same for both.
 */
public enum ElfArchitecture {

	/** x86_64, System V ABI. */
	X86_64("x86_64", Elf64.EM_X86_64, X86Code.PROBE_STUB, X86Code.TRAMPOLINE, X86Code.JNI_TRAMPOLINE, X86Code.INT3,
			List.of("%rdi", "%rsi", "%rdx", "%rcx", "%r8", "%r9")),

	/** aarch64, AAPCS64. Only {@code xN} registers: bcc and libbpf reject {@code wN} (docs/stapsdt-elf.md §6.1). */
	AARCH64("aarch64", Elf64.EM_AARCH64, Aarch64Code.PROBE_STUB, Aarch64Code.TRAMPOLINE,
			Aarch64Code.JNI_TRAMPOLINE, Aarch64Code.PADDING, List.of("x0", "x1", "x2", "x3", "x4", "x5"));

	private final String displayName;

	private final int machine;

	private final byte[] probeStub;

	private final byte[] callStubTrampoline;

	private final byte[] jniCallStubTrampoline;

	private final byte padding;

	private final List<String> argumentRegisters;

	ElfArchitecture(String displayName, int machine, byte[] probeStub, byte[] callStubTrampoline,
			byte[] jniCallStubTrampoline, byte padding, List<String> argumentRegisters) {
		this.displayName = displayName;
		this.machine = machine;
		this.probeStub = probeStub;
		this.callStubTrampoline = callStubTrampoline;
		this.jniCallStubTrampoline = jniCallStubTrampoline;
		this.padding = padding;
		this.argumentRegisters = argumentRegisters;
	}

	/** The architecture of this JVM, or empty when the stapsdt backend does not support it. */
	public static Optional<ElfArchitecture> current() {
		return fromOsArch(System.getProperty("os.arch", ""));
	}

	static Optional<ElfArchitecture> fromOsArch(String osArch) {
		return switch (osArch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64" -> Optional.of(X86_64);
			case "aarch64", "arm64" -> Optional.of(AARCH64);
			default -> Optional.empty();
		};
	}

	/**
	 * The architecture named {@code name}: {@code x86_64} or {@code aarch64} (the JVM's
	 * {@code os.arch} spellings {@code amd64} and {@code arm64} are accepted too).
	 * @throws IllegalArgumentException for any other name
	 */
	public static ElfArchitecture parse(String name) {
		return fromOsArch(name).orElseThrow(() -> new IllegalArgumentException(
				"Unsupported architecture " + QuotedText.quoted(name) + ": expected x86_64 or aarch64"));
	}

	/** The usual name of the architecture: {@code x86_64} or {@code aarch64}. */
	public String displayName() {
		return this.displayName;
	}

	/** The ELF {@code e_machine} value (docs/stapsdt-elf.md §2). */
	public int machine() {
		return this.machine;
	}

	/**
	 * The code of one probe stub: a C function that does nothing, so that the probe arguments are
	 * still in the argument registers at its first byte, where the uprobe fires (docs/stapsdt-elf.md §4.5).
	 */
	public byte[] probeStub() {
		return this.probeStub.clone();
	}

	/**
	 * The code of {@code usdt_call_stub(fn, a0, a1, a2, a3, a4, a5)}: moves each argument down one
	 * register and tail-jumps to {@code fn}, which then sees {@code a0..a5} exactly as if it had been
	 * called directly and returns straight to the caller of the trampoline. One native entry point
	 * with a fixed signature can then call every stub.
	 */
	public byte[] callStubTrampoline() {
		return this.callStubTrampoline.clone();
	}

	/**
	 * The same trampoline as a JNI native method {@code static void call(long fn, long a0, ..., long a5)}:
	 * JNI adds {@code JNIEnv*} and the class in front, so everything moves down two places. A JNI
	 * call costs a fraction of a JNA direct-mapped one, and the stub does not care who called it.
	 */
	public byte[] jniCallStubTrampoline() {
		return this.jniCallStubTrampoline.clone();
	}

	/** The byte that fills a code slot after its function (x86_64 {@code int3}, so a stray jump traps). */
	public byte padding() {
		return this.padding;
	}

	/** How many probe arguments are passed in registers, and so how many a stub can describe. */
	public int maxArguments() {
		return this.argumentRegisters.size();
	}

	/**
	 * Where argument {@code index} (0-based) lives at the stub's first instruction, in the SDT
	 * argument string syntax (docs/stapsdt-elf.md §6.2): {@code %rdi} or {@code x0}.
	 */
	public String argumentLocation(int index) {
		if (index < 0 || index >= this.argumentRegisters.size()) {
			throw new IllegalArgumentException("Argument " + index + " is not passed in a register on "
					+ this.displayName + " (at most " + this.argumentRegisters.size() + " arguments)");
		}
		return this.argumentRegisters.get(index);
	}

	@Override
	public String toString() {
		return this.displayName;
	}

	/** x86_64 machine code, every encoding checked with {@code objdump -D -b binary -m i386:x86-64}. */
	private static final class X86Code {

		/** Pads code slots: a jump into padding traps instead of running on. */
		static final byte INT3 = (byte) 0xcc;

		/**
		 * {@code nop; nopl 0x0(%rax,%rax,1); ret}: the "nop,nop5" form that libbpf ≥ 1.7 attaches
		 * to at PC+1 so the kernel can turn the 5-byte nop into a call (docs/stapsdt-elf.md §4.5, recommended).
		 */
		static final byte[] PROBE_STUB = bytes(0x90, 0x0f, 0x1f, 0x44, 0x00, 0x00, 0xc3);

		/**
		 * System V passes {@code fn, a0..a4} in rdi, rsi, rdx, rcx, r8, r9 and {@code a5} on the stack
		 * above the return address. Moving each down one register and loading {@code a5} into r9 leaves
		 * the stack untouched, so {@code jmp} makes {@code fn} return to our caller.
		 */
		static final byte[] TRAMPOLINE = concat(
				bytes(0x48, 0x89, 0xf8), // mov %rdi,%rax      (fn)
				bytes(0x48, 0x89, 0xf7), // mov %rsi,%rdi      (a0)
				bytes(0x48, 0x89, 0xd6), // mov %rdx,%rsi      (a1)
				bytes(0x48, 0x89, 0xca), // mov %rcx,%rdx      (a2)
				bytes(0x4c, 0x89, 0xc1), // mov %r8,%rcx       (a3)
				bytes(0x4d, 0x89, 0xc8), // mov %r9,%r8        (a4)
				bytes(0x4c, 0x8b, 0x4c, 0x24, 0x08), // mov 0x8(%rsp),%r9 (a5, above the return address)
				bytes(0xff, 0xe0)); // jmp *%rax

		/**
		 * JNI passes {@code env, class, fn, a0, a1, a2} in rdi, rsi, rdx, rcx, r8, r9 and
		 * {@code a3..a5} on the stack above the return address; moved down two places the same way.
		 */
		static final byte[] JNI_TRAMPOLINE = concat(
				bytes(0x48, 0x89, 0xd0), // mov %rdx,%rax      (fn)
				bytes(0x48, 0x89, 0xcf), // mov %rcx,%rdi      (a0)
				bytes(0x4c, 0x89, 0xc6), // mov %r8,%rsi       (a1)
				bytes(0x4c, 0x89, 0xca), // mov %r9,%rdx       (a2)
				bytes(0x48, 0x8b, 0x4c, 0x24, 0x08), // mov 0x8(%rsp),%rcx  (a3)
				bytes(0x4c, 0x8b, 0x44, 0x24, 0x10), // mov 0x10(%rsp),%r8  (a4)
				bytes(0x4c, 0x8b, 0x4c, 0x24, 0x18), // mov 0x18(%rsp),%r9  (a5)
				bytes(0xff, 0xe0)); // jmp *%rax

	}

	/** aarch64 machine code: little-endian 32-bit words, checked with {@code aarch64-linux-gnu-objdump}. */
	private static final class Aarch64Code {

		/** Zero words pad code slots ({@code udf #0}: traps if ever reached). */
		static final byte PADDING = 0;

		private static final int NOP = 0xd503201f;

		/** The intra-procedure-call scratch register, free to clobber in a veneer. */
		private static final int IP0 = 16;

		/** {@code nop; ret} (docs/stapsdt-elf.md §4.5). */
		static final byte[] PROBE_STUB = words(NOP, AARCH64_RET);

		/** AAPCS64 passes all seven arguments in x0..x6: shift them down and branch through x16. */
		static final byte[] TRAMPOLINE = words(aarch64Mov(IP0, 0), aarch64Mov(0, 1), aarch64Mov(1, 2), aarch64Mov(2, 3),
				aarch64Mov(3, 4), aarch64Mov(4, 5), aarch64Mov(5, 6), aarch64Br(IP0));

		/** {@code ldr x5, [sp]}: LDR (immediate, unsigned offset 0), Rn = sp (31), Rt = x5. */
		private static final int LDR_X5_FROM_SP = 0xf94003e5;

		/**
		 * JNI passes {@code env, class, fn, a0..a4} in x0..x7 and {@code a5} at {@code [sp]}: shift
		 * down two places, load {@code a5}, and branch through x16.
		 */
		static final byte[] JNI_TRAMPOLINE = words(aarch64Mov(IP0, 2), aarch64Mov(0, 3), aarch64Mov(1, 4),
				aarch64Mov(2, 5), aarch64Mov(3, 6), aarch64Mov(4, 7), LDR_X5_FROM_SP, aarch64Br(IP0));

	}

}
