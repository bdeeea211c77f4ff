package dev.usdt.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a leak would make grow, read from {@code /proc/self} and the library directory: memory
 * mappings (all, and those of the library directory), open file descriptors, live Java threads
 * and files in the library directory.
 *
 * @param mappings lines of {@code /proc/self/maps}
 * @param libraryMappings lines of {@code /proc/self/maps} that name the library directory
 * @param fileDescriptors entries of {@code /proc/self/fd}
 * @param threads live Java threads, without the ones a test harness starts for itself
 * @param libraryFiles entries of the library directory
 * @param threadNames the names of the counted threads, to say which one is new when they grow
 */
record ProcessResources(long mappings, long libraryMappings, long fileDescriptors, long threads, long libraryFiles,
		List<String> threadNames) {

	/**
	 * Threads the JDK starts for the test's own bpftrace process (a reaper that idles for a
	 * minute after the process exits) and the reader of its output: not the starter's.
	 */
	private static final List<String> HARNESS_THREADS = List.of("process reaper", "bpftrace-output");

	static ProcessResources measure(Path libraryDirectory) {
		try {
			List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
			String directory = libraryDirectory.toAbsolutePath().toString() + "/";
			List<String> threadNames = Thread.getAllStackTraces().keySet().stream()
				.filter(Thread::isAlive)
				.map(Thread::getName)
				.filter((name) -> HARNESS_THREADS.stream().noneMatch(name::startsWith))
				.sorted()
				.toList();
			return new ProcessResources(maps.size(), maps.stream().filter((line) -> line.contains(directory)).count(),
					count(Path.of("/proc/self/fd")), threadNames.size(), count(libraryDirectory), threadNames);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long count(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return 0;
		}
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.count();
		}
	}

	@Override
	public String toString() {
		return "mappings=" + this.mappings + " library-mappings=" + this.libraryMappings + " fds="
				+ this.fileDescriptors + " threads=" + this.threads + " library-files=" + this.libraryFiles;
	}

}
