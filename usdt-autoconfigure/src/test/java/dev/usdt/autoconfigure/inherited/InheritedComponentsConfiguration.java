package dev.usdt.autoconfigure.inherited;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * The beans of {@link InheritedConfiguration}, with alpha, beta and delta registered by their
 * classes instead: they are instances of the subclasses usdt-core's processor generated (delta
 * proxied for {@code @Async} around it).
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync(proxyTargetClass = true)
@Import({ AlphaHandler.class, BetaHandler.class, DeltaHandler.class, WrappedHandlersConfiguration.class })
public class InheritedComponentsConfiguration {

}
