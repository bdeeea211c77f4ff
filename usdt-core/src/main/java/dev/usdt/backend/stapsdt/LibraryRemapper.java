package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import dev.usdt.nativeaccess.MappedRegions;
import dev.usdt.nativeaccess.MappedRegions.Region;
import dev.usdt.nativeaccess.MemoryMappings;
import dev.usdt.nativeaccess.PosixFiles;

/**
 * Maps a fresh copy of a library over the regions where the old (deleted) copy is mapped, with the
 * same bytes at the same addresses, so every stub and semaphore address the probes hold stays
 * valid and nothing is ever unmapped under a thread: each region is replaced in one system call.
 * Afterwards the kernel sees the new file at those addresses, which is what makes uprobes attached
 * to it (by path, or with {@code -p}) fire in this process. See {@code docs/file-lifecycle.md §4}.
 *
 * <p>
 * Read-only regions (code, the alignment gap) are mapped over directly: their bytes come from the
 * file alone. A writable region is first mapped elsewhere, given the old region's bytes (what the
 * dynamic linker wrote into {@code .dynamic}) except the semaphores, which the kernel keeps per file
 * for the tracers attached to it, and then moved over the old region.
 */
final class LibraryRemapper {

	private LibraryRemapper() {
	}

	/** Pages past the end of the file would fault (SIGBUS) if touched: only whole file pages are copied. */
	private static final long PAGE = 4096;

	static void replace(MappedRegions old, Path file, long fileSize, long semaphores, int semaphoresLength)
			throws IOException {
		List<Region> regions = old.regions();
		if (regions.isEmpty()) {
			throw new IOException(file + " is no longer mapped by this process");
		}
		int fd = PosixFiles.openForReading(file);
		try {
			// Code first: uprobes on the new file then arm their semaphores as the data region arrives
			List<Region> ordered = regions.stream().sorted(Comparator.comparing(Region::isWritable)).toList();
			for (Region region : ordered) {
				if (region.isWritable()) {
					replaceWritable(region, fd, file, fileSize, semaphores, semaphoresLength);
				}
				else {
					MemoryMappings.mapOver(region.start(), region.length(), protection(region), fd, region.offset(), file);
				}
			}
		}
		finally {
			PosixFiles.close(fd);
		}
	}

	private static void replaceWritable(Region region, int fd, Path file, long fileSize, long semaphores,
			int semaphoresLength) throws IOException {
		long fresh = MemoryMappings.mapWritable(region.length(), fd, region.offset(), file);
		try {
			long filePages = Math.max(0, (fileSize - region.offset() + PAGE - 1) / PAGE * PAGE);
			long end = Math.min(region.end(), region.start() + filePages);
			long semaphoresEnd = semaphores + semaphoresLength;
			if (semaphoresLength == 0 || semaphoresEnd <= region.start() || semaphores >= end) {
				copy(region.start(), end, fresh, region.start());
			}
			else {
				copy(region.start(), Math.max(region.start(), semaphores), fresh, region.start());
				copy(Math.min(end, semaphoresEnd), end, fresh, region.start());
			}
			MemoryMappings.moveOver(fresh, region.start(), region.length());
		}
		catch (IOException | RuntimeException ex) {
			MemoryMappings.unmapUnused(fresh, region.length());
			throw ex;
		}
	}

	/** Copies the old region's bytes {@code [from, to)} to the same place in the fresh mapping. */
	private static void copy(long from, long to, long fresh, long regionStart) {
		if (to > from) {
			MemoryMappings.copy(from, fresh + (from - regionStart), (int) (to - from));
		}
	}

	private static int protection(Region region) {
		String permissions = region.permissions();
		return ((permissions.charAt(0) == 'r') ? MemoryMappings.PROT_READ : 0)
				| ((permissions.charAt(1) == 'w') ? MemoryMappings.PROT_WRITE : 0)
				| ((permissions.charAt(2) == 'x') ? MemoryMappings.PROT_EXEC : 0);
	}

}
