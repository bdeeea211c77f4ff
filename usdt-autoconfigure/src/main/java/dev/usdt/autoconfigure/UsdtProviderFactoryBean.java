package dev.usdt.autoconfigure;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;

import dev.usdt.Provider;
import dev.usdt.TypedProviders;

/**
 * Creates the bean of one {@code @UsdtProvider} interface. The bean exists before the probes are
 * registered, so it binds on first use once {@link UsdtProbeRegistration} has registered its
 * provider; until then, and for good when {@code usdt.enabled=false}, its methods are no-ops.
 *
 * @param <T> the interface
 */
public class UsdtProviderFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware {

	private final Class<T> type;

	private final String provider;

	private @Nullable BeanFactory beanFactory;

	private @Nullable T instance;

	public UsdtProviderFactoryBean(Class<T> type) {
		this.type = type;
		this.provider = TypedProviders.providerName(type);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public synchronized T getObject() {
		if (this.instance == null) {
			this.instance = TypedProviders.bindLater(this.type, this::registeredProvider);
		}
		return this.instance;
	}

	@Override
	public Class<T> getObjectType() {
		return this.type;
	}

	private Optional<Provider> registeredProvider() {
		if (this.beanFactory == null) {
			return Optional.empty();
		}
		UsdtProbeRegistration registration = this.beanFactory.getBeanProvider(UsdtProbeRegistration.class)
			.getIfAvailable();
		return (registration != null && registration.isRegistered()) ? registration.provider(this.provider)
				: Optional.empty();
	}

}
