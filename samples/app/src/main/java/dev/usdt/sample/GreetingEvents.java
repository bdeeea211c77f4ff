package dev.usdt.sample;

import dev.usdt.UsdtProvider;

/** Bound to usdt/greetings.d: {@code greeted} fires greetings:greeted. */
@UsdtProvider("greetings")
public interface GreetingEvents {

	void greeted(String name, long characters);

}
