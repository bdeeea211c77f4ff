package dev.usdt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a Spring bean method (or every public method of a class) two USDT probes:
 * {@code <name>__entry} with the method's first six arguments, and {@code <name>__return} with
 * {@code (int64_t elapsed_ns, char *error)}. Applied by the {@code usdt-spring-boot-starter}.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface UsdtProbe {

	/** Probe base name; defaults to the method name. */
	String value() default "";

	/** Provider name; defaults to the {@code usdt.provider} property. */
	String provider() default "";

}
