package dev.usdt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Overrides the probe name derived from a {@link UsdtProvider} interface method's name. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProbeName {

	/** The probe name as declared, e.g. {@code order__placed}. */
	String value();

}
