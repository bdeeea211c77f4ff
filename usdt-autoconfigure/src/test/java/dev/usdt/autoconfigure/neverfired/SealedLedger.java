package dev.usdt.autoconfigure.neverfired;

import dev.usdt.UsdtProbe;

/** A final class: every method the class annotation covers would need a proxy subclass. */
@UsdtProbe(provider = "ledger")
public final class SealedLedger {

	public long balance(String account) {
		return account.length();
	}

	public void post(String account, long cents) {
	}

}
