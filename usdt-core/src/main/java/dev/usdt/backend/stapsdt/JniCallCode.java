package dev.usdt.backend.stapsdt;

import java.util.List;

import static dev.usdt.backend.stapsdt.MachineCode.AARCH64_RET;
import static dev.usdt.backend.stapsdt.MachineCode.aarch64Br;
import static dev.usdt.backend.stapsdt.MachineCode.aarch64Mov;
import static dev.usdt.backend.stapsdt.MachineCode.bytes;
import static dev.usdt.backend.stapsdt.MachineCode.words;

/**
 * The machine code of the trampoline library's JNI system calls, the native methods of
 * {@code dev.usdt.nativeaccess.JniCalls} (docs/stapsdt-elf.md §8.5): each moves its JNI arguments
 * (after {@code JNIEnv*} and the class) into the kernel's registers and makes one Linux system
 * call, returning its result or {@code -errno} as is; {@code directBuffer} tail-calls the JNI
 * function {@code NewDirectByteBuffer}. Every encoding checked with {@code objdump} (x86_64) and
 * {@code aarch64-linux-gnu-objdump}.
 */
final class JniCallCode {

	private static final String PREFIX = "Java_dev_usdt_nativeaccess_JniCalls_";

	/** Byte offset of {@code NewDirectByteBuffer} in JNI's function table (entry 229, {@code jni.h}). */
	private static final int NEW_DIRECT_BYTE_BUFFER = 229 * 8;

	/** aarch64 {@code svc #0}. */
	private static final int SVC = 0xd4000001;

	/** The aarch64 register {@code directBuffer} branches through (x16, free to clobber in a veneer). */
	private static final int IP0 = 16;

	private JniCallCode() {
	}

	/** The functions, named as JNI looks them up. */
	static List<ElfSharedObject.Function> functions(ElfArchitecture architecture) {
		return (architecture == ElfArchitecture.X86_64) ? x86() : aarch64();
	}

	/** System V: {@code env, class, a0, a1, a2} in rdi, rsi, rdx, rcx, r8; the kernel takes rdi, rsi, rdx, r10. */
	private static List<ElfSharedObject.Function> x86() {
		return List.of(function("open", bytes(
				0xb8, 0x01, 0x01, 0x00, 0x00, // mov $257,%eax        (openat)
				0x48, 0xc7, 0xc7, 0x9c, 0xff, 0xff, 0xff, // mov $-100,%rdi (AT_FDCWD)
				0x48, 0x89, 0xd6, // mov %rdx,%rsi                      (path)
				0x89, 0xca, // mov %ecx,%edx                            (flags)
				0x4d, 0x89, 0xc2, // mov %r8,%r10                       (mode)
				0x0f, 0x05, 0xc3)), // syscall; ret
				function("flock", twoArguments(73)), function("fchmod", twoArguments(91)),
				function("close", bytes(0xb8, 3, 0, 0, 0, // mov $3,%eax
						0x89, 0xd7, // mov %edx,%edi
						0x0f, 0x05, 0xc3)),
				function("directBuffer", bytes(0x48, 0x89, 0xd6, // mov %rdx,%rsi   (address)
						0x48, 0x89, 0xca, // mov %rcx,%rdx                          (capacity)
						0x48, 0x8b, 0x07, // mov (%rdi),%rax                        (the function table)
						0xff, 0xa0, NEW_DIRECT_BYTE_BUFFER & 0xff, NEW_DIRECT_BYTE_BUFFER >> 8, 0, 0))); // jmp *off(%rax)
	}

	/** {@code mov $number,%eax; mov %edx,%edi; mov %ecx,%esi; syscall; ret}. */
	private static byte[] twoArguments(int number) {
		return bytes(0xb8, number, 0, 0, 0, 0x89, 0xd7, 0x89, 0xce, 0x0f, 0x05, 0xc3);
	}

	/** AAPCS64: {@code env, class, a0, a1, a2} in x0..x4; the kernel takes x0..x3 and the number in x8. */
	private static List<ElfSharedObject.Function> aarch64() {
		return List.of(
				function("open", words(number(56), 0x92800c60 /* mov x0, #-100 */, aarch64Mov(1, 2), aarch64Mov(2, 3),
						aarch64Mov(3, 4), SVC, AARCH64_RET)),
				function("flock", words(number(32), aarch64Mov(0, 2), aarch64Mov(1, 3), SVC, AARCH64_RET)),
				function("fchmod", words(number(52), aarch64Mov(0, 2), aarch64Mov(1, 3), SVC, AARCH64_RET)),
				function("close", words(number(57), aarch64Mov(0, 2), SVC, AARCH64_RET)),
				function("directBuffer", words(aarch64Mov(1, 2), aarch64Mov(2, 3), 0xf9400010 /* ldr x16, [x0] */,
						0xf9400210 | ((NEW_DIRECT_BYTE_BUFFER / 8) << 10) /* ldr x16, [x16, #off] */,
						aarch64Br(IP0))));
	}

	/** {@code movz x8, #number}. */
	private static int number(int number) {
		return 0xd2800008 | (number << 5);
	}

	private static ElfSharedObject.Function function(String method, byte[] code) {
		return new ElfSharedObject.Function(PREFIX + method, code);
	}

}
