package dev.usdt.autoconfigure.failure;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import dev.usdt.autoconfigure.UsdtAutoConfiguration;
import dev.usdt.autoconfigure.UsdtDisabledAutoConfiguration;
import dev.usdt.autoconfigure.UsdtProviderInterfacesAutoConfiguration;

/** The starter's auto-configuration alone, for applications that fail to start. */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ UsdtAutoConfiguration.class, UsdtDisabledAutoConfiguration.class,
		UsdtProviderInterfacesAutoConfiguration.class })
public class ProbesApplication {

}
