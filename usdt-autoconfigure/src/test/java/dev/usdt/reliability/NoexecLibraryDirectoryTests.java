package dev.usdt.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.sample.OrderEvents;
import dev.usdt.autoconfigure.sample.OrderService;
import dev.usdt.testsupport.Bpftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code usdt.library-dir} on a tmpfs mounted noexec, in a real SpringApplication (Boot's logging
 * system, the runtime's WARN through java.util.logging into it): the application starts with
 * no-op probes and its log has exactly one WARN, naming the directory and the fix; with
 * {@code usdt.strict=true} startup fails naming the directory. Needs root to mount.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoexecLibraryDirectoryTests {

	@TempDir
	Path temp;

	private Path mount;

	@BeforeEach
	void mountNoexecTmpfs() throws Exception {
		Bpftrace.assumeTool("root".equals(System.getProperty("user.name")) && Bpftrace.onPath("mount"),
				"mounting a noexec tmpfs needs root");
		this.mount = Files.createDirectory(this.temp.resolve("noexec"));
		run("mount", "-t", "tmpfs", "-o", "noexec,mode=0700", "tmpfs", this.mount.toString());
	}

	@AfterEach
	void unmount() throws Exception {
		if (this.mount != null) {
			run("umount", this.mount.toString());
		}
	}

	@Test
	void applicationStartsWithNoopProbesAndLogsExactlyOneWarn(CapturedOutput output) {
		Path libraries = this.mount.resolve("lib");
		try (ConfigurableApplicationContext context = application(libraries, false).run()) {
			UsdtRuntime runtime = context.getBean(UsdtRuntime.class);
			assertThat(runtime.backend()).isEqualTo("noop");
			assertThat(runtime.provider("orders")).isPresent();
			assertThat(context.getBean(OrderService.class).place("A-1", 1)).isEqualTo("placed A-1");
			assertThat(context.getBean(OrderEvents.class).isOrderPlacedEnabled()).isFalse();
		}
		List<String> warnings = output.getAll().lines().filter((line) -> line.contains("WARN")).toList();
		assertThat(warnings).hasSize(1);
		assertThat(warnings.get(0)).contains("USDT probes are disabled (no-op backend)")
			.contains(libraries.toString())
			.contains("usdt.library-dir");
	}

	@Test
	void strictApplicationFailsToStartNamingTheDirectory() {
		Path libraries = this.mount.resolve("lib");
		assertThatException().isThrownBy(() -> application(libraries, true).run().close())
			.satisfies((failure) -> assertThat(messages(failure)).contains(libraries.toString())
				.contains("USDT backend 'stapsdt' cannot work here"));
	}

	private static SpringApplicationBuilder application(Path libraries, boolean strict) {
		return new SpringApplicationBuilder(ContextLifecycleUnderFire.FiringApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("usdt.backend=stapsdt", "usdt.strict=" + strict, "usdt.library-dir=" + libraries);
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String printed = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + printed);
		}
	}

}
