package dev.usdt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a typed USDT provider: {@code void orderPlaced(String id, long cents)}
 * fires probe {@code order__placed}, {@code boolean isOrderPlacedEnabled()} asks whether it is
 * enabled. Bound by {@link UsdtRuntime#bind(Class)}, or injected as a bean by the starter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface UsdtProvider {

	/** The provider name. */
	String value();

}
