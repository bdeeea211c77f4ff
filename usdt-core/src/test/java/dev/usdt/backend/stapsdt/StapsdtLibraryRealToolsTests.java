package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.parser.ArgumentKind;
import dev.usdt.parser.ProbeDefinition;
import dev.usdt.parser.ProviderDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The written files as the real tools see them (docs/stapsdt-elf.md §11.1). Each test names the tool it runs and
 * skips, saying why, when the tool (or root, for the BPF ones) is missing.
 */
class StapsdtLibraryRealToolsTests {

	/** eu-elflint does not know SDT notes; docs/stapsdt-elf.md §4.10 allows exactly this message per note. */
	private static final Pattern ALLOWED_ELFLINT_LINE = Pattern
		.compile("section \\[ *\\d+\\] '\\.note\\.stapsdt': unknown object file note type 3 with owner name "
				+ "'stapsdt' at offset \\d+");

	private static final List<ProviderDefinition> PROVIDERS = List.of(StapsdtLibraryLayoutTests.golden(),
			ProviderDefinition.of("shop", ProbeDefinition.of("order__placed", ArgumentKind.STRING, ArgumentKind.UINT64),
					ProbeDefinition.of("started"),
					ProbeDefinition.of("widths", ArgumentKind.INT8, ArgumentKind.UINT16, ArgumentKind.INT32,
							ArgumentKind.UINT32, ArgumentKind.POINTER, ArgumentKind.INT64)));

	@TempDir
	Path directory;

	@Test
	void readelfShowsTheNoteOfEveryProbe() throws Exception {
		ExternalTool readelf = ExternalTool.require("readelf");
		String notes = readelf.run("-n", write(ElfArchitecture.X86_64).toString()).output();
		assertThat(notes).contains("Provider: myprov\n    Name: request\n")
			.contains("Arguments: -8@%rdi 8@%rsi\n")
			.contains("Provider: myprov\n    Name: tick\n")
			.contains("Provider: shop\n    Name: order__placed\n")
			.contains("Arguments: 8@%rdi 8@%rsi\n")
			.contains("Provider: shop\n    Name: started\n")
			.contains("Arguments: -1@%rdi 2@%rsi -4@%rdx 4@%rcx 8@%r8 -8@%r9\n")
			.contains("NT_GNU_BUILD_ID");
		assertThat(notes.split("NT_STAPSDT", -1)).hasSize(6);
	}

	@Test
	void readelfShowsTheNotesOfAnAarch64Library() throws Exception {
		ExternalTool readelf = ExternalTool.require("readelf");
		Path file = write(ElfArchitecture.AARCH64);
		assertThat(readelf.run("-h", file.toString()).output()).contains("AArch64");
		assertThat(readelf.run("-n", file.toString()).output()).contains("Arguments: -8@x0 8@x1\n")
			.contains("Arguments: -1@x0 2@x1 -4@x2 4@x3 8@x4 -8@x5\n");
	}

	@Test
	void euElflintReportsNothingButTheStapsdtNotes() throws Exception {
		assertOnlyStapsdtNoteMessages(write(ElfArchitecture.X86_64), 5);
	}

	@Test
	void euElflintReportsNothingButTheStapsdtNotesOnAarch64() throws Exception {
		assertOnlyStapsdtNoteMessages(write(ElfArchitecture.AARCH64), 5);
	}

	@Test
	void euElflintAcceptsTheTrampolineLibraries() throws Exception {
		for (ElfArchitecture architecture : ElfArchitecture.values()) {
			Path file = this.directory.resolve("trampoline-" + architecture + ".so");
			Files.write(file, new StapsdtLibraryWriter(architecture).writeTrampolineLibrary());
			assertOnlyStapsdtNoteMessages(file, 0);
		}
	}

	@Test
	void gdbInfoProbesListsEveryProbe() throws Exception {
		ExternalTool gdb = ExternalTool.require("gdb");
		Path file = write(ElfArchitecture.X86_64);
		String output = gdb.run("-batch", "-ex", "info probes", file.toString()).output();
		assertThat(output).containsPattern("stap +myprov +request +0x[0-9a-f]+ +0x0*11060 ")
			.containsPattern("stap +myprov +tick ")
			.containsPattern("stap +shop +order__placed ")
			.containsPattern("stap +shop +started ")
			.containsPattern("stap +shop +widths ");
	}

	@Test
	void bpftraceListsEveryProbe() throws Exception {
		ExternalTool bpftrace = ExternalTool.require("bpftrace");
		ExternalTool.requireRoot("bpftrace");
		Path file = write(ElfArchitecture.X86_64);
		String output = bpftrace.run("-l", "usdt:" + file + ":*").output();
		assertThat(output.lines().filter((line) -> line.startsWith("usdt:"))).containsExactlyInAnyOrder(
				"usdt:" + file + ":myprov:request", "usdt:" + file + ":myprov:tick",
				"usdt:" + file + ":shop:order__placed", "usdt:" + file + ":shop:started",
				"usdt:" + file + ":shop:widths");
	}

	@Test
	void tplistShowsEverySemaphoreAndArgument() throws Exception {
		ExternalTool tplist = ExternalTool.require("tplist-bpfcc");
		ExternalTool.requireRoot("tplist-bpfcc");
		String output = tplist.run("-vv", "-l", write(ElfArchitecture.X86_64).toString()).output();
		assertThat(output).contains("myprov:request [sema 0x11060]")
			.contains("myprov:tick [sema 0x11062]")
			.contains("shop:order__placed [sema 0x11064]")
			.contains("argument #1 8 signed   bytes @ di")
			.contains("argument #2 8 unsigned bytes @ si")
			.contains("argument #1 1 signed   bytes @ di");
	}

	private void assertOnlyStapsdtNoteMessages(Path file, int notes) throws IOException, InterruptedException {
		ExternalTool elflint = ExternalTool.require("eu-elflint");
		ExternalTool.Result result = elflint.run("--gnu-ld", file.toString());
		List<String> lines = result.output().lines().filter((line) -> !line.equals("No errors")).toList();
		assertThat(lines).as(result.output()).hasSize(notes).allMatch(ALLOWED_ELFLINT_LINE.asMatchPredicate());
	}

	private Path write(ElfArchitecture architecture) throws IOException {
		Path file = this.directory.resolve("usdt-" + architecture + ".so");
		Files.write(file, new StapsdtLibraryWriter(architecture).write(PROVIDERS));
		return file;
	}

}
