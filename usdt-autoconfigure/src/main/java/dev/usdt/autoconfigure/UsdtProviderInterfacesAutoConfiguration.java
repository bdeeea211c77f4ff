package dev.usdt.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that
 * makes {@code @UsdtProvider} interfaces injectable. Not conditional on {@code usdt.enabled}: with
 * probes disabled the beans still exist and do nothing, so the application starts either way.
 */
@AutoConfiguration(after = UsdtAutoConfiguration.class)
@Import(UsdtProviderInterfacesRegistrar.class)
public final class UsdtProviderInterfacesAutoConfiguration {

}
