package dev.usdt.autoconfigure.failure.packaged;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** Registers this package, which holds no @UsdtProvider interface, as the auto-configuration package. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class PackagedConfiguration {

}
