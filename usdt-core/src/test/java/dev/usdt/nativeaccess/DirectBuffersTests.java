package dev.usdt.nativeaccess;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A direct buffer's address is its first byte's, whatever its position (JDK 22+'s
 * {@code MemorySegment.ofBuffer} starts at the position; a path written with relative puts once
 * reached the kernel as the empty string that way), and agrees with what JNA says.
 */
class DirectBuffersTests {

	@Test
	void theAddressIsTheFirstBytesWhateverThePosition() {
		ByteBuffer buffer = ByteBuffer.allocateDirect(32);
		long first = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
		assertThat(DirectBuffers.address(buffer)).isEqualTo(first);
		buffer.put(new byte[] { 1, 2, 3 });
		assertThat(buffer.position()).isEqualTo(3);
		assertThat(DirectBuffers.address(buffer)).isEqualTo(first);
		assertThat(buffer.position()).as("left as it was").isEqualTo(3);
		assertThat(DirectBuffers.address(buffer.slice(8, 8))).isEqualTo(first + 8);
	}

	@Test
	void aHeapBufferHasNoAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> DirectBuffers.address(ByteBuffer.allocate(8)));
	}

}
