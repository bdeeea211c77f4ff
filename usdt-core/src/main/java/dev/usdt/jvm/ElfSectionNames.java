package dev.usdt.jvm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the section names of a 64-bit ELF file: the header, the section header table and the
 * section-name string table, nothing else (libjvm is tens of megabytes). Offsets are those of the
 * System V gABI, "ELF Header" and "Sections".
 */
final class ElfSectionNames {

	private static final int EI_CLASS = 4;

	private static final int EI_DATA = 5;

	private static final byte ELFCLASS64 = 2;

	private static final byte ELFDATA2LSB = 1;

	private static final byte ELFDATA2MSB = 2;

	private static final int EHDR_SIZE = 64;

	private static final int E_SHOFF = 0x28;

	private static final int E_SHENTSIZE = 0x3a;

	private static final int E_SHNUM = 0x3c;

	private static final int E_SHSTRNDX = 0x3e;

	private static final int SH_NAME = 0x00;

	private static final int SH_OFFSET = 0x18;

	private static final int SH_SIZE = 0x20;

	private static final int SH_LINK = 0x28;

	private static final int SHDR_SIZE = 64;

	/** e_shstrndx value meaning "the index is in section 0's sh_link". */
	private static final int SHN_XINDEX = 0xffff;

	/** Far beyond any real table; a corrupt header must not make us allocate gigabytes. */
	private static final long MAX_TABLE_BYTES = 16L * 1024 * 1024;

	private ElfSectionNames() {
	}

	/**
	 * The names of every section of {@code file}, in section order.
	 * @throws IOException if it cannot be read or is not a 64-bit ELF file
	 */
	static Set<String> of(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer header = read(channel, 0, EHDR_SIZE, ByteOrder.LITTLE_ENDIAN);
			if (header.getInt(0) != 0x464c457f || header.get(EI_CLASS) != ELFCLASS64) {
				throw new IOException(file + " is not a 64-bit ELF file");
			}
			ByteOrder order = switch (header.get(EI_DATA)) {
				case ELFDATA2LSB -> ByteOrder.LITTLE_ENDIAN;
				case ELFDATA2MSB -> ByteOrder.BIG_ENDIAN;
				default -> throw new IOException(file + " has an unknown ELF data encoding");
			};
			header.order(order);
			long tableOffset = header.getLong(E_SHOFF);
			int entrySize = Short.toUnsignedInt(header.getShort(E_SHENTSIZE));
			if (tableOffset == 0 || entrySize < SHDR_SIZE) {
				return Set.of();
			}
			ByteBuffer first = read(channel, tableOffset, SHDR_SIZE, order);
			long count = Short.toUnsignedInt(header.getShort(E_SHNUM));
			if (count == 0) {
				// more than 0xff00 sections: the count is in section 0's sh_size
				count = first.getLong(SH_SIZE);
			}
			int namesIndex = Short.toUnsignedInt(header.getShort(E_SHSTRNDX));
			if (namesIndex == SHN_XINDEX) {
				namesIndex = first.getInt(SH_LINK);
			}
			ByteBuffer table = read(channel, tableOffset, count * entrySize, order);
			int namesHeader = namesIndex * entrySize;
			ByteBuffer names = read(channel, table.getLong(namesHeader + SH_OFFSET),
					table.getLong(namesHeader + SH_SIZE), order);
			Set<String> sections = new LinkedHashSet<>();
			for (int i = 1; i < count; i++) {
				sections.add(string(names, Integer.toUnsignedLong(table.getInt(i * entrySize + SH_NAME))));
			}
			return sections;
		}
		catch (IndexOutOfBoundsException ex) {
			throw new IOException(file + " has a malformed ELF section header table", ex);
		}
	}

	private static ByteBuffer read(FileChannel channel, long offset, long size, ByteOrder order) throws IOException {
		if (size < 0 || size > MAX_TABLE_BYTES || offset < 0 || offset + size > channel.size()) {
			throw new IOException("ELF table at " + offset + " (" + size + " bytes) lies outside the file");
		}
		ByteBuffer buffer = ByteBuffer.allocate((int) size).order(order);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, offset + buffer.position()) < 0) {
				throw new IOException("ELF file ends inside a table");
			}
		}
		return buffer.flip();
	}

	private static String string(ByteBuffer table, long offset) {
		int start = (int) offset;
		int end = start;
		while (end < table.limit() && table.get(end) != 0) {
			end++;
		}
		byte[] bytes = new byte[end - start];
		table.get(start, bytes);
		return new String(bytes, StandardCharsets.US_ASCII);
	}

}
