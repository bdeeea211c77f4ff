package dev.usdt.nativeaccess;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProcessCredentialsTests {

	@Test
	@EnabledOnOs(OS.LINUX)
	void realUidIsWhatIdPrints() throws IOException, InterruptedException {
		Process id = new ProcessBuilder("id", "-ru").start();
		String printed = new String(id.getInputStream().readAllBytes()).strip();
		assertThat(id.waitFor()).isZero();
		assertThat(ProcessCredentials.realUid()).isEqualTo(Integer.parseInt(printed));
	}

	@Test
	void realUidIsTheFirstOfTheFourIds() {
		String status = "Name:\tjava\nUmask:\t0022\nUid:\t1000\t0\t1000\t0\nGid:\t100\t100\t100\t100\n";
		assertThat(ProcessCredentials.realUid(status)).isEqualTo(1000);
	}

	@Test
	void statusWithoutUidLineIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> ProcessCredentials.realUid("Name:\tjava\n"))
			.withMessageContaining("No Uid line");
	}

}
