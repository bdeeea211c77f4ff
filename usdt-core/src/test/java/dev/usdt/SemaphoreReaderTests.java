package dev.usdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The raw semaphore read sees exactly what is written through the buffer, and addresses are only
 * handed out for aligned u16s inside a direct buffer.
 */
class SemaphoreReaderTests {

	@Test
	void aRawReadIsAvailableOnTheJdksWeSupport() {
		// JDK 17-23 through Unsafe, 22+ through the Foreign Memory API (the tests enable native access)
		assertThat(SemaphoreReader.AVAILABLE).as("raw read on JDK %s", Runtime.version()).isTrue();
	}

	@Test
	void addressesAreWhereJnaSaysTheBufferIsWithoutAskingIt() {
		ByteBuffer semaphores = ByteBuffer.allocateDirect(64);
		ByteBuffer slice = semaphores.slice(16, 16);
		for (ByteBuffer buffer : new ByteBuffer[] { semaphores, slice }) {
			long base = com.sun.jna.Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(buffer));
			assertThat(SemaphoreReader.address(buffer, 4)).isEqualTo(base + 4);
		}
		// JNA's own buffers over native memory, as the stapsdt backend gets them
		com.sun.jna.Memory memory = new com.sun.jna.Memory(8);
		assertThat(SemaphoreReader.address(memory.getByteBuffer(0, 8), 2)).isEqualTo(com.sun.jna.Pointer.nativeValue(memory) + 2);
	}

	@Test
	void readsWhatTheBufferHolds() {
		ByteBuffer semaphores = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
		long second = SemaphoreReader.address(semaphores, 2);
		assertThat(SemaphoreReader.read(second)).isZero();
		semaphores.putShort(2, (short) 3);
		assertThat(SemaphoreReader.read(second)).isEqualTo((short) 3);
		semaphores.putShort(2, (short) 0xFFFF);
		assertThat(SemaphoreReader.read(second)).isEqualTo((short) -1);
		assertThat(SemaphoreReader.read(SemaphoreReader.address(semaphores, 0))).isZero();
		assertThat(SemaphoreReader.read(SemaphoreReader.address(semaphores, 6))).isZero();
	}

	@Test
	void refusesAddressesOutsideAnAlignedDirectBuffer() {
		ByteBuffer semaphores = ByteBuffer.allocateDirect(8);
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> SemaphoreReader.address(semaphores, 7));
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> SemaphoreReader.address(semaphores, -2));
		assertThatIllegalArgumentException().isThrownBy(() -> SemaphoreReader.address(semaphores, 1))
			.withMessageContaining("not aligned");
		assertThatIllegalArgumentException().isThrownBy(() -> SemaphoreReader.address(ByteBuffer.allocate(8), 0))
			.withMessage("Semaphores must be in a direct buffer");
	}

}
