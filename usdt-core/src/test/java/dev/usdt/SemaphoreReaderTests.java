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
