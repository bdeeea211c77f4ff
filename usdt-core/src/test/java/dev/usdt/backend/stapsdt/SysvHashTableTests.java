package dev.usdt.backend.stapsdt;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.usdt.backend.LittleEndianBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class SysvHashTableTests {

	@Test
	void elfHashGivesTheGoldenValuesOfTheSpec() {
		assertThat(SysvHashTable.elfHash("myprov_request")).isEqualTo(0x08b1d194);
		assertThat(SysvHashTable.elfHash("myprov_tick")).isEqualTo(0x06d3a80b);
		assertThat(SysvHashTable.elfHash("myprov_request_semaphore")).isEqualTo(0x02144ef5);
	}

	@Test
	void elfHashFoldsTheHighNibbleOfLongNames() {
		// the gABI result never has bits 28..31 set
		assertThat(SysvHashTable.elfHash("a_rather_long_symbol_name_that_overflows") & 0xf0000000).isZero();
		assertThat(SysvHashTable.elfHash("")).isZero();
	}

	@Test
	void goldenTableHasTheSpecBytes() {
		LittleEndianBuffer buffer = new LittleEndianBuffer();
		SysvHashTable table = new SysvHashTable(List.of("myprov_request", "myprov_tick", "myprov_request_semaphore"));
		table.writeTo(buffer);
		assertThat(buffer.toByteArray()).containsExactly(4, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 2,
				0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
		assertThat(table.size()).isEqualTo(40);
	}

	@Test
	void symbolsSharingABucketAreChainedInTableOrder() {
		// nbucket 4: "b" (0x62) and "f" (0x66) both land in bucket 2, "j" (0x6a) too
		LittleEndianBuffer buffer = new LittleEndianBuffer();
		new SysvHashTable(List.of("b", "f", "j")).writeTo(buffer);
		ElfFileReader table = new ElfFileReader(buffer.toByteArray());
		assertThat(table.u32(8 + 4 * 2)).as("bucket[2]").isEqualTo(1);
		assertThat(table.u32(8 + 16 + 4 * 1)).as("chain[1]").isEqualTo(2);
		assertThat(table.u32(8 + 16 + 4 * 2)).as("chain[2]").isEqualTo(3);
		assertThat(table.u32(8 + 16 + 4 * 3)).as("chain[3]").isZero();
	}

}
