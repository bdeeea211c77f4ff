package dev.usdt.backend.stapsdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The regions of this process's address space that map one file, read from
 * {@code /proc/self/maps}. A file is identified by device and inode, not by path: after {@code rm}
 * the kernel shows the path with {@code " (deleted)"}, and a new file at the path is another one.
 */
record MappedRegions(FileIdentity file, List<Region> regions) {

	private static final Path MAPS = Path.of("/proc/self/maps");

	/** One line of the maps file: {@code [start, end)} mapped with {@code permissions} from {@code offset}. */
	record Region(long start, long end, String permissions, long offset) {

		long length() {
			return this.end - this.start;
		}

		boolean isWritable() {
			return this.permissions.charAt(1) == 'w';
		}

	}

	/** Device (as {@code stat} encodes it) and inode of a file. */
	record FileIdentity(long device, long inode) {

		/** The identity of what is at {@code path} now, not following a symlink; empty if nothing is. */
		static Optional<FileIdentity> of(Path path) {
			try {
				var attributes = Files.readAttributes(path, "unix:dev,ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
				return Optional.of(new FileIdentity((Long) attributes.get("dev"), (Long) attributes.get("ino")));
			}
			catch (IOException | UnsupportedOperationException ex) {
				return Optional.empty();
			}
		}

	}

	/** The regions of the file mapped at {@code address}. */
	static MappedRegions containing(long address) throws IOException {
		List<String> lines = Files.readAllLines(MAPS);
		for (String line : lines) {
			String[] fields = line.split("\\s+", 6);
			String[] range = fields[0].split("-");
			if (Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16)) {
				return of(identity(fields), lines);
			}
		}
		throw new IOException("no mapping of this process contains 0x" + Long.toHexString(address));
	}

	/** The regions mapping {@code file} now (none if it is not mapped). */
	static MappedRegions of(FileIdentity file) throws IOException {
		return of(file, Files.readAllLines(MAPS));
	}

	private static MappedRegions of(FileIdentity file, List<String> lines) {
		List<Region> regions = new ArrayList<>();
		for (String line : lines) {
			String[] fields = line.split("\\s+", 6);
			if (fields.length >= 5 && identity(fields).equals(file)) {
				String[] range = fields[0].split("-");
				regions.add(new Region(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16),
						fields[1], Long.parseUnsignedLong(fields[2], 16)));
			}
		}
		return new MappedRegions(file, List.copyOf(regions));
	}

	/** Device {@code major:minor} in hex and inode, encoded as glibc's {@code makedev} does for {@code st_dev}. */
	private static FileIdentity identity(String[] fields) {
		if (fields.length < 5) {
			return new FileIdentity(-1, -1);
		}
		String[] device = fields[3].split(":");
		long major = Long.parseLong(device[0], 16);
		long minor = Long.parseLong(device[1], 16);
		long encoded = ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12)
				| (minor & 0xffL);
		return new FileIdentity(encoded, Long.parseLong(fields[4]));
	}

}
