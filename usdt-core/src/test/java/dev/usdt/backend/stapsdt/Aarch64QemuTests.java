package dev.usdt.backend.stapsdt;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.backend.stapsdt.ElfFileReader.StapsdtNote;
import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Executes the aarch64 code we generate, under {@code qemu-aarch64} (user mode): a small C harness
 * ({@code aarch64_stub_harness.c}, built with {@code aarch64-linux-gnu-gcc -static}) loads an
 * aarch64 probe library and the aarch64 trampoline library with {@code dlopen}, puts a breakpoint
 * where each probe's stapsdt note says the probe is, and calls every stub directly, through
 * {@code usdt_call_stub} and through the JNI entry point. Every argument must be in the register
 * the note's argument string names. It also makes the trampoline's JNI system calls on a real file
 * and calls its {@code directBuffer} through a fake JNI function table. qemu-user has no uprobes, so no tracer attaches here; the
 * harness's SIGTRAP handler stands in for one. Skips (fails under {@code USDT_REQUIRE_TRACERS=true})
 * without qemu-aarch64 or the cross compiler.
 */
class Aarch64QemuTests {

	private static final ProviderDefinition PROVIDER = ProviderDefinition.of("qemu",
			ProbeDefinition.of("six", ArgumentKind.INT64, ArgumentKind.UINT64, ArgumentKind.INT32, ArgumentKind.UINT8,
					ArgumentKind.STRING, ArgumentKind.INT16),
			ProbeDefinition.of("one", ArgumentKind.UINT32), ProbeDefinition.of("none"));

	@TempDir
	Path directory;

	@Test
	void underQemuEveryArgumentReachesTheRegisterItsNoteNamesThroughStubsAndBothTrampolines() throws Exception {
		ExternalTool qemu = ExternalTool.require("qemu-aarch64");
		ExternalTool gcc = ExternalTool.require("aarch64-linux-gnu-gcc");
		StapsdtLibraryWriter writer = new StapsdtLibraryWriter(ElfArchitecture.AARCH64);
		byte[] probes = writer.write(List.of(PROVIDER));
		Path probeLibrary = Files.write(this.directory.resolve("libqemu-probes.so"), probes);
		Path trampolineLibrary = Files.write(this.directory.resolve("libqemu-trampolines.so"),
				writer.writeTrampolineLibrary());
		Path harness = compileHarness(gcc);

		List<String> arguments = new ArrayList<>(List.of(harness.toString(), probeLibrary.toString(),
				trampolineLibrary.toString()));
		List<StapsdtNote> notes = new ElfFileReader(probes).stapsdtNotes();
		assertThat(notes).extracting(StapsdtNote::name).containsExactly("six", "one", "none");
		for (StapsdtNote note : notes) {
			arguments.add(StapsdtLibraryWriter.stubSymbol(note.provider(), note.name()));
			arguments.add(Long.toHexString(note.pc()));
			arguments.add(Long.toHexString(note.semaphore()));
			arguments.add(note.arguments());
		}
		ExternalTool.Result result = qemu.run(arguments.toArray(String[]::new));

		assertThat(result.output()).as("harness output").doesNotContain("FAIL");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("ok trampoline library exports its three functions")
			.contains("ok qemu_six: note arguments \"-8@x0 8@x1 -4@x2 1@x3 8@x4 -2@x5\" name x registers")
			.contains("ok qemu_six: note pc is the stub symbol")
			.contains("ok qemu_six: note semaphore is qemu_six_semaphore and reads 0")
			.contains("ok qemu_six via direct call: breakpoint hit once at the note pc, 6 arguments in their registers")
			.contains("ok qemu_six via usdt_call_stub: breakpoint hit once at the note pc, 6 arguments in their registers")
			.contains("ok qemu_six via JNI entry point: breakpoint hit once at the note pc, 6 arguments in their registers")
			.contains("ok qemu_one via JNI entry point: breakpoint hit once at the note pc, 1 arguments in their registers")
			.contains("ok qemu_none via usdt_call_stub: breakpoint hit once at the note pc, 0 arguments in their registers")
			.contains("ok trampoline library exports the JNI system calls")
			.contains("ok JNI open creates a file exclusively, then returns -EEXIST")
			.contains("ok JNI fchmod sets the mode with the sticky bit")
			.contains("ok JNI flock locks one open file against another")
			.contains("ok JNI close closes once, then returns -EBADF")
			.contains("ok JNI directBuffer tail-calls NewDirectByteBuffer with the address and capacity");
		assertThat(result.output().lines().filter((line) -> line.startsWith("ok ")).count()).isEqualTo(1 + 6 + 3 * 7);
	}

	private Path compileHarness(ExternalTool gcc) throws Exception {
		Path source = this.directory.resolve("aarch64_stub_harness.c");
		try (InputStream in = Aarch64QemuTests.class.getResourceAsStream("aarch64_stub_harness.c")) {
			Files.copy(in, source);
		}
		Path binary = this.directory.resolve("aarch64_stub_harness");
		ExternalTool.Result compiled = gcc.run("-static", "-O1", "-Wall", "-o", binary.toString(), source.toString());
		assertThat(compiled.exitCode()).as(compiled.output()).isZero();
		return binary;
	}

}
