package dev.usdt.nativeaccess;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls the runtime needs. */
public final class LibC {

	private interface Calls extends Library {

		int getuid();

	}

	private static volatile Calls calls;

	private LibC() {
	}

	/** The real user id of this process. */
	public static int getuid() {
		Calls loaded = calls;
		if (loaded == null) {
			loaded = Native.load("c", Calls.class);
			calls = loaded;
		}
		return loaded.getuid();
	}

}
