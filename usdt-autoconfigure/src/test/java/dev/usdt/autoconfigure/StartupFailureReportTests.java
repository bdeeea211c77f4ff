package dev.usdt.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import dev.usdt.UsdtException;
import dev.usdt.UsdtProvider;
import dev.usdt.UsdtRuntime;
import dev.usdt.autoconfigure.failure.BadlyNamedProbes;
import dev.usdt.autoconfigure.failure.ProbesApplication;
import dev.usdt.autoconfigure.failure.packaged.PackagedConfiguration;
import dev.usdt.autoconfigure.mismatch.MismatchConfiguration;
import dev.usdt.autoconfigure.sample.OrderEvents;
import dev.usdt.autoconfigure.sample.SampleConfiguration;
import dev.usdt.observation.UsdtObservationAutoConfiguration;
import dev.usdt.parser.DefinitionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Real SpringApplication runs that fail on the starter's startup errors print Spring Boot's
 * "APPLICATION FAILED TO START" report, with the file named by its path on the class path.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	private static final String BROKEN_ORDERS = """
			provider orders {
				probe order__placed(char *id, uint64_t cents_eur;
			};
			""";

	@TempDir
	Path temp;

	@Test
	void brokenDefinitionFileIsReportedWithItsClasspathPathLineAndColumn(CapturedOutput output) {
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> application(ProbesApplication.class)
				.properties("usdt.definitions=classpath:usdt-fixtures/broken.d")
				.run());
		String report = report(output);
		assertThat(report).contains("USDT provider file usdt-fixtures/broken.d cannot be used (1 error):")
			.containsPattern("\n    usdt-fixtures/broken\\.d:3:\\d+: error: ")
			.contains("\n    \tprobe missing_paren(char *;\n")
			.contains("Action:\n\nFix the provider file at the line and column shown")
			.doesNotContain("test-classes");
	}

	@Test
	void brokenDefinitionFileInAJarIsNamedByItsPathInTheJar(CapturedOutput output) throws IOException {
		Path jar = jarWith("probes/", "probes/orders.d", BROKEN_ORDERS);
		try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() },
				getClass().getClassLoader())) {
			assertThatExceptionOfType(DefinitionException.class)
				.isThrownBy(() -> application(ProbesApplication.class).resourceLoader(new DefaultResourceLoader(loader))
					.properties("usdt.definitions=classpath*:probes/**/*.d")
					.run());
		}
		String report = report(output);
		assertThat(report).contains("USDT provider file probes/orders.d cannot be used (1 error):")
			.contains("\n    probes/orders.d:2:50: error: ")
			.doesNotContain("jar:")
			.doesNotContain(jar.toString());
	}

	@Test
	void duplicateProbeIsReportedWithDescriptionAndAction(CapturedOutput output) {
		assertThatExceptionOfType(ProbeDeclarationException.class)
			.isThrownBy(() -> application(ProbesApplication.class, SampleConfiguration.class)
				.properties("usdt.definitions=classpath:usdt/orders.d,classpath:usdt-fixtures/duplicate.d")
				.run());
		assertThat(report(output)).containsPattern("Description:\n\nUSDT probe orders:place__entry is declared twice: "
				+ "by usdt-fixtures/duplicate\\.d:2:\\d+ and by dev\\.usdt\\.autoconfigure\\.sample\\.OrderService"
				+ "#place\\(String, long\\)\\.\n")
			.contains("Action:\n\nGive one of them a different name: @UsdtProbe(\"...\") on the method");
	}

	@Test
	void definitionFileNamedByItsLocationThatDoesNotExistIsReported(CapturedOutput output) {
		assertThatExceptionOfType(ProbeDeclarationException.class)
			.isThrownBy(() -> application(ProbesApplication.class)
				.properties("usdt.definitions=classpath*:usdt-none/**/*.d,classpath:usdt/nothere.d")
				.run());
		assertThat(report(output))
			.contains("Description:\n\nusdt.definitions names classpath:usdt/nothere.d, which does not exist or cannot be read.\n")
			.contains("Action:\n\nCorrect the location, or name the files with a pattern (classpath*:usdt/**/*.d) if there "
					+ "may be none.");
	}

	@Test
	void enabledThatIsNotABooleanIsReportedInsteadOfSwitchingUsdtOff(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application(ProbesApplication.class)
			.properties("usdt.enabled=flase")
			.run());
		assertThat(report(output)).contains("Failed to bind properties under 'usdt.enabled' to java.lang.Boolean")
			.contains("Property: usdt.enabled\n")
			.contains("Value: \"flase\"")
			.contains("Action:\n\nUpdate your application's configuration");
	}

	@ParameterizedTest
	@ValueSource(strings = { "false", "FALSE" })
	void enabledFalseSwitchesUsdtOff(String value) {
		try (ConfigurableApplicationContext context = application(ProbesApplication.class)
			.properties("usdt.enabled=" + value)
			.run()) {
			assertThat(context.getBeanNamesForType(UsdtRuntime.class)).isEmpty();
		}
	}

	@Test
	void patternThatMatchesNothingIsFine() {
		try (ConfigurableApplicationContext context = application(ProbesApplication.class).properties("usdt.definitions=classpath*:usdt-none/**/*.d")
			.run()) {
			assertThat(context.getBean(UsdtRuntime.class).provider("orders")).isEmpty();
		}
	}

	@Test
	void probeNameThatIsNotAnIdentifierIsReportedWithTheMethod(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application(ProbesApplication.class, BadlyNamedProbes.class).run());
		assertThat(report(output)).contains("Description:\n\n@UsdtProbe on " + BadlyNamedProbes.class.getName()
				+ "#run() names the probe 'bad name!', which is not an identifier.\n")
			.contains("Action:\n\nIt must start with a letter or '_' and contain only letters, digits and '_' (for example 'bad_name_').");
	}

	@Test
	void typedInterfaceThatCannotBeAProviderIsReportedWithTheInterfaceAction(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application(ProbesApplication.class, TooManyConfiguration.class).run());
		assertThat(report(output)).contains("Description:\n\nTyped USDT provider " + TooMany.class.getName()
				+ ": many(int, int, int, int, int, int, int) has 7 parameters; a probe takes at most 6.\n")
			.contains("Action:\n\nChange the @UsdtProvider interface " + TooMany.class.getName() + " as described");
	}

	@Test
	void missingBeanOfAProviderInterfaceIsReportedWithThePackageRule(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> application(ProbesApplication.class, PackagedConfiguration.class, OrderEventsUser.class).run());
		assertThat(report(output)).contains("Description:\n\nParameter 0 of constructor in " + OrderEventsUser.class.getName()
				+ " required a bean of the @UsdtProvider interface " + OrderEvents.class.getName() + ", which was not found")
			.contains("Action:\n\nMove " + OrderEvents.class.getName() + " into or below the package of your "
					+ "@SpringBootApplication class, or declare its bean: @Bean OrderEvents orderEvents(UsdtRuntime usdt) "
					+ "{ return usdt.bind(OrderEvents.class); }");
	}

	@Test
	void missingBeanOfAProviderInterfaceInAContextWithoutAutoConfigurationPackageNamesThatCause(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application(ProbesApplication.class, OrderEventsUser.class).run());
		assertThat(report(output)).contains("which was not found: the USDT starter makes beans only for @UsdtProvider "
				+ "interfaces in or below the auto-configuration packages (the package of the @SpringBootApplication "
				+ "class), and this context registers none.")
			.contains("Action:\n\nAdd @AutoConfigurationPackage to the configuration that starts the context, or "
					+ "declare its bean: @Bean OrderEvents orderEvents(UsdtRuntime usdt)");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			usdt.max-string-bytes | -1      | must be between 1 and 1048576 bytes
			usdt.watch-interval   | 0s      | must be between 1 ms and 60 s
			usdt.watch-interval   | 2m      | must be between 1 ms and 60 s
			usdt.provider         | my-app  | 'my-app' is not an identifier: it must start with a letter or '_' and contain only letters, digits and '_' (for example 'my_app')
			usdt.provider         | 2fa     | (for example '_2fa')
			""")
	void outOfRangePropertyIsReportedWithItsNameValueAndReason(String property, String value, String reason,
			CapturedOutput output) {
		assertThatException().isThrownBy(() -> application(ProbesApplication.class).properties(property + "=" + value).run());
		assertThat(report(output)).contains("Failed to bind properties under 'usdt' to " + UsdtProperties.class.getName())
			.contains("Property: " + property + "\n")
			.contains("Value: \"" + value + "\"")
			.contains("Reason: java.lang.IllegalArgumentException: ")
			.contains(reason)
			.contains("Action:\n\nUpdate your application's configuration");
	}

	@Test
	void aProviderNameClashIsNotAdvisedToTurnStrictModeOff(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> application(ProbesApplication.class, ObservationBridgeConfiguration.class)
				.properties("usdt.observation.provider=jvm")
				.run());
		assertThat(report(output)).contains("Description:\n\n")
			.contains("jvm")
			.contains("Action:\n\nCorrect what the description names; usdt.enabled=false turns the USDT starter off.")
			.doesNotContain("usdt.strict");
	}

	@Test
	void aBackendThatCannotWorkInStrictModeIsAdvisedOnStrictMode(CapturedOutput output) throws IOException {
		Path plainFile = Files.createFile(this.temp.resolve("plain-file"));
		assertThatException().isThrownBy(() -> application(ProbesApplication.class)
			.properties("usdt.backend=auto", "usdt.strict=true", "usdt.library-dir=" + plainFile.resolve("lib"))
			.run());
		assertThat(report(output)).contains("USDT backend 'auto' cannot work here")
			.contains("Action:\n\nCorrect what the description names. Where tracing cannot work, usdt.strict=false "
					+ "starts the application with no-op probes instead");
	}

	@Test
	void typedInterfaceThatDoesNotMatchItsFileIsReportedWithDescriptionAndAction(CapturedOutput output) {
		assertThatExceptionOfType(UsdtException.class)
			.isThrownBy(() -> application(ProbesApplication.class, MismatchConfiguration.class).run());
		assertThat(report(output)).contains("Description:\n\nTyped USDT provider "
				+ "dev.usdt.autoconfigure.mismatch.MismatchedOrderEvents")
			.contains("parameter 2 is String, the probe argument is uint64_t")
			.contains("Action:\n\nChange the @UsdtProvider interface dev.usdt.autoconfigure.mismatch.MismatchedOrderEvents "
					+ "as described");
	}

	/** The JVM provider and the observation bridge on top of {@link ProbesApplication}. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ UsdtJvmProviderAutoConfiguration.class, UsdtObservationAutoConfiguration.class })
	static class ObservationBridgeConfiguration {

		@Bean
		ObservationRegistry observationRegistry() {
			return ObservationRegistry.create();
		}

	}

	private static SpringApplicationBuilder application(Class<?>... sources) {
		return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("usdt.backend=noop");
	}

	/** The failure report, from its banner on, with line ends as in the tests. */
	private static String report(CapturedOutput output) {
		String all = output.getAll().replace(System.lineSeparator(), "\n");
		int start = all.indexOf("APPLICATION FAILED TO START");
		assertThat(start).as("no failure report in: " + all).isNotNegative();
		return all.substring(start);
	}

	/** A jar with a directory entry (class path scanning needs one) and a file in it. */
	private Path jarWith(String directory, String entry, String content) throws IOException {
		Path jar = this.temp.resolve("probes.jar");
		try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
			out.putNextEntry(new JarEntry(directory));
			out.closeEntry();
			out.putNextEntry(new JarEntry(entry));
			out.write(content.getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
		}
		return jar;
	}

	/** Seven parameters: compiled, since the processor skips private interfaces, and refused at start-up. */
	@UsdtProvider("bad")
	private interface TooMany {

		void many(int a, int b, int c, int d, int e, int f, int g);

	}

	@Configuration(proxyBeanMethods = false)
	static class TooManyConfiguration {

		@Bean
		UsdtProviderFactoryBean<TooMany> tooMany() {
			return new UsdtProviderFactoryBean<>(TooMany.class);
		}

		@Bean
		String tooManyUser(TooMany tooMany) {
			return String.valueOf(tooMany);
		}

	}

	/** Needs the interface's bean, which nothing registers: ProbesApplication has no auto-configuration packages. */
	static class OrderEventsUser {

		OrderEventsUser(OrderEvents events) {
		}

	}

}
