package dev.usdt.nativeaccess;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.usdt.nativeaccess.MappedRegions.FileIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /proc/self/maps} read for one file, whatever its path is made of. */
class MappedRegionsTests {

	@TempDir
	Path temp;

	@Test
	void findsTheRegionsOfAMappedFileWhosePathIsNotAscii() throws Exception {
		Path file = Files.write(this.temp.resolve("bibliothèque ✓.so"), new byte[3 * 4096]);
		FileIdentity identity = FileIdentity.of(file).orElseThrow();
		assertThat(MappedRegions.of(identity).regions()).isEmpty();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			MappedByteBuffer head = channel.map(MapMode.READ_ONLY, 0, 4096);
			MappedByteBuffer tail = channel.map(MapMode.READ_ONLY, 8192, 4096);
			MappedRegions mapped = MappedRegions.of(identity);
			assertThat(mapped.regions()).extracting(MappedRegions.Region::offset).containsExactlyInAnyOrder(0L, 8192L);
			assertThat(mapped.regions()).allSatisfy((region) -> {
				assertThat(region.length()).isEqualTo(4096);
				assertThat(region.permissions()).startsWith("r--");
			});
			assertThat(mapped.regions()).extracting(MappedRegions.Region::start)
				.contains(DirectBuffers.address(head), DirectBuffers.address(tail));
		}
	}

}
