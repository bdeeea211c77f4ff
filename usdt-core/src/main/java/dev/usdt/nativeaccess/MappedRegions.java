package dev.usdt.nativeaccess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
public record MappedRegions(FileIdentity file, List<Region> regions) {

	private static final Path MAPS = Path.of("/proc/self/maps");

	/** One line of the maps file: {@code [start, end)} mapped with {@code permissions} from {@code offset}. */
	public record Region(long start, long end, String permissions, long offset) {

		public long length() {
			return this.end - this.start;
		}

		public boolean isWritable() {
			return this.permissions.charAt(1) == 'w';
		}

	}

	/** Device (as {@code stat} encodes it) and inode of a file. */
	public record FileIdentity(long device, long inode) {

		// Written out: a record's generated equals links through a bootstrap method on first use,
		// ~1 ms of start-up (docs/architecture.md §5)
		@Override
		public boolean equals(Object other) {
			return (this == other)
					|| (other instanceof FileIdentity that && this.device == that.device && this.inode == that.inode);
		}

		@Override
		public int hashCode() {
			return Long.hashCode(this.device) * 31 + Long.hashCode(this.inode);
		}

		/** The identity of what is at {@code path} now, not following a symlink; empty if nothing is. */
		public static Optional<FileIdentity> of(Path path) {
			try {
				var attributes = Files.readAttributes(path, "unix:dev,ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
				return Optional.of(new FileIdentity((Long) attributes.get("dev"), (Long) attributes.get("ino")));
			}
			catch (IOException | UnsupportedOperationException ex) {
				return Optional.empty();
			}
		}

	}

	/** The regions mapping {@code file} now (none if it is not mapped). */
	public static MappedRegions of(FileIdentity file) throws IOException {
		// Only lines that mention the inode are decoded and split: start-up reads the file once per
		// library, and a JVM maps hundreds of regions (issue 19)
		byte[] maps = Files.readAllBytes(MAPS);
		// searched as ISO-8859-1, one char per byte (a plain copy, no decoding); hits decoded as UTF-8
		String text = new String(maps, StandardCharsets.ISO_8859_1);
		String inode = " " + file.inode() + " ";
		List<Region> regions = new ArrayList<>();
		for (int hit = text.indexOf(inode); hit >= 0; hit = text.indexOf(inode, hit + 1)) {
			int start = text.lastIndexOf('\n', hit) + 1;
			int end = text.indexOf('\n', hit);
			end = (end < 0) ? maps.length : end;
			MapsLine parsed = MapsLine.parse(new String(maps, start, end - start, StandardCharsets.UTF_8));
			if (parsed != null && parsed.file().equals(file)) {
				regions.add(new Region(parsed.start(), parsed.end(), parsed.permissions(), parsed.offset()));
			}
			hit = end;
		}
		return new MappedRegions(file, List.copyOf(regions));
	}

	/**
	 * Where the file was loaded: the start of its mapping at file offset 0, which for the libraries
	 * this runtime writes (first segment at address 0) is the base that symbol values are relative to.
	 * @throws IOException if the file is not mapped from its start
	 */
	long loadAddress() throws IOException {
		long lowest = -1;
		for (Region region : this.regions) {
			if (region.offset() == 0 && (lowest == -1 || Long.compareUnsigned(region.start(), lowest) < 0)) {
				lowest = region.start();
			}
		}
		if (lowest == -1) {
			throw new IOException("the file " + this.file + " is not mapped in this process");
		}
		return lowest;
	}

	/** The end of the file's highest mapping: nothing of the library lies at or above it. */
	long end() {
		long highest = 0;
		for (Region region : this.regions) {
			if (Long.compareUnsigned(region.end(), highest) > 0) {
				highest = region.end();
			}
		}
		return highest;
	}

	/** {@code start-end perms offset major:minor inode [path]}, the path left out. */
	private record MapsLine(long start, long end, String permissions, long offset, FileIdentity file) {

		static MapsLine parse(String line) {
			int dash = line.indexOf('-');
			int[] spaces = new int[5];
			int found = 0;
			for (int i = 0; i < line.length() && found < spaces.length; i++) {
				if (line.charAt(i) == ' ' && (i == 0 || line.charAt(i - 1) != ' ')) {
					spaces[found++] = i;
				}
			}
			if (dash < 0 || found < 4 || dash > spaces[0]) {
				return null;
			}
			int inodeEnd = (found == 5) ? spaces[4] : line.length();
			return new MapsLine(Long.parseUnsignedLong(line, 0, dash, 16),
					Long.parseUnsignedLong(line, dash + 1, spaces[0], 16), line.substring(spaces[0] + 1, spaces[1]),
					Long.parseUnsignedLong(line, spaces[1] + 1, spaces[2], 16),
					identity(line.substring(spaces[2] + 1, spaces[3]), line.substring(spaces[3] + 1, inodeEnd).strip()));
		}

	}

	/** Device {@code major:minor} in hex and inode, encoded as glibc's {@code makedev} does for {@code st_dev}. */
	private static FileIdentity identity(String device, String inode) {
		int colon = device.indexOf(':');
		long major = Long.parseLong(device, 0, colon, 16);
		long minor = Long.parseLong(device, colon + 1, device.length(), 16);
		long encoded = ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12)
				| (minor & 0xffL);
		return new FileIdentity(encoded, Long.parseLong(inode));
	}

}
