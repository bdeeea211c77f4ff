package dev.usdt.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demo jar with a broken {@code usdt/orders.d} inside it (the file a Spring Boot jar
 * reads through a nested-jar URL) fails to start with Spring Boot's report, naming the file by
 * its path on the class path, not by the jar URL.
 */
class PackagedDemoStartupFailureIT {

	private static final String ORDERS_ENTRY = "BOOT-INF/classes/usdt/orders.d";

	private static final String BROKEN_ORDERS = """
			provider orders {
				probe order__placed(char *id, uint64_t cents_eur;
			};
			""";

	@TempDir
	Path temp;

	@Test
	void brokenProviderFileInTheJarIsReportedByItsClasspathPath() throws Exception {
		Path jar = this.temp.resolve("demo-app-broken.jar");
		replaceEntry(Path.of(System.getProperty("demo.jar", "target/demo-app.jar")), jar, ORDERS_ENTRY, BROKEN_ORDERS);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
				"--server.port=0")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isNotZero();
		String report = output.substring(output.indexOf("APPLICATION FAILED TO START"));
		assertThat(report).contains("Description:")
			.contains("USDT provider file usdt/orders.d cannot be used (1 error):")
			.contains("    usdt/orders.d:2:50: error: expected ')' after 'cents_eur' in probe 'order__placed'")
			.contains("Action:")
			.contains("Fix the provider file at the line and column shown")
			.doesNotContain("nested:")
			.doesNotContain("jar:");
	}

	/** Copies a jar, replacing one entry; nested jars stay stored (uncompressed), as Spring Boot needs. */
	private static void replaceEntry(Path source, Path target, String name, String content) throws IOException {
		try (ZipFile in = new ZipFile(source.toFile());
				OutputStream file = Files.newOutputStream(target);
				ZipOutputStream out = new ZipOutputStream(file)) {
			Enumeration<? extends ZipEntry> entries = in.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				boolean replaced = entry.getName().equals(name);
				byte[] bytes = replaced ? content.getBytes(StandardCharsets.UTF_8) : read(in, entry);
				ZipEntry copy = new ZipEntry(entry.getName());
				copy.setMethod(replaced ? ZipEntry.DEFLATED : entry.getMethod());
				if (copy.getMethod() == ZipEntry.STORED) {
					copy.setSize(entry.getSize());
					copy.setCompressedSize(entry.getSize());
					copy.setCrc(entry.getCrc());
				}
				out.putNextEntry(copy);
				out.write(bytes);
				out.closeEntry();
			}
		}
	}

	private static byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
		try (InputStream in = zip.getInputStream(entry)) {
			return in.readAllBytes();
		}
	}

}
