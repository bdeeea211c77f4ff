package dev.usdt.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.sample.OrderService;
import dev.usdt.autoconfigure.sample.SampleConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refreshing and closing contexts many times in one JVM (as test suites and devtools restarts do)
 * with the real stapsdt backend: the library directory and the thread count stay flat; and a call
 * that races a context's close.
 */
@ExtendWith(OutputCaptureExtension.class)
class UsdtRegistrationLifecycleTests {

	@TempDir
	Path temp;

	@Test
	void repeatedRefreshAndCloseLeaksNoFilesOrThreads() throws Exception {
		Path libraries = this.temp.resolve("lib");
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class,
					UsdtProviderInterfacesAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("usdt.backend=stapsdt", "usdt.strict=true", "usdt.library-dir=" + libraries);
		runOnce(runner);
		long files = countFiles(libraries);
		int threads = Thread.activeCount();
		for (int i = 0; i < 15; i++) {
			runOnce(runner);
		}
		assertThat(countFiles(libraries)).isEqualTo(files);
		assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads + 2);
	}

	@Test
	void aCallThatLooksItsProbesUpWhileTheContextClosesRunsUntracedWithoutAWarning(CapturedOutput output)
			throws Exception {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UsdtAutoConfiguration.class,
					UsdtProviderInterfacesAutoConfiguration.class))
			.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("usdt.backend=noop")
			.run((context) -> {
				UsdtProbeRegistration registration = context.getBean(UsdtProbeRegistration.class);
				Method place = OrderService.class.getMethod("place", String.class, long.class);
				assertThat(registration.probesFor(place, OrderService.class)).isNotNull();
				// what a call racing the context's close sees once destroy() has run
				registration.destroy();
				assertThat(registration.probesFor(place, OrderService.class)).isNull();
			});
		assertThat(output).doesNotContain("were not registered");
	}

	private static void runOnce(ApplicationContextRunner runner) {
		UsdtRuntime[] runtime = new UsdtRuntime[1];
		runner.run((context) -> {
			runtime[0] = context.getBean(UsdtRuntime.class);
			assertThat(runtime[0].backend()).isEqualTo("stapsdt");
			assertThat(context.getBean(OrderService.class).place("A-1", 1)).isEqualTo("placed A-1");
		});
		assertThat(runtime[0].isClosed()).isTrue();
	}

	private static long countFiles(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.count();
		}
	}

}
