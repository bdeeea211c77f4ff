package dev.usdt.autoconfigure;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.FactoryBean;

import dev.usdt.Provider;
import dev.usdt.TypedProviders;
import dev.usdt.UsdtException;

/**
 * Creates the bean of one {@code @UsdtProvider} interface. The bean exists before the probes are
 * registered, so it binds on first use once {@link UsdtProbeRegistration} has registered its
 * provider; until then, and for good when {@code usdt.enabled=false} or once its context is closed,
 * its methods are no-ops.
 *
 * @param <T> the interface
 */
public class UsdtProviderFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware, DisposableBean {

	private final Class<T> type;

	private final String provider;

	private @Nullable BeanFactory beanFactory;

	private @Nullable T instance;

	private volatile boolean closed;

	public UsdtProviderFactoryBean(Class<T> type) {
		this.type = type;
		try {
			this.provider = TypedProviders.providerName(type);
		}
		catch (UsdtException ex) {
			throw ProviderCatalog.invalidInterface(type, ex);
		}
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public synchronized T getObject() {
		if (this.instance == null) {
			try {
				this.instance = TypedProviders.bindLater(this.type, this::registeredProvider);
			}
			catch (UsdtException ex) {
				// an interface that cannot be a provider: the fix is in the interface, as for a mismatch
				throw ProviderCatalog.invalidInterface(this.type, ex);
			}
		}
		return this.instance;
	}

	@Override
	public Class<T> getObjectType() {
		return this.type;
	}

	@Override
	public void destroy() {
		this.closed = true;
	}

	private Optional<Provider> registeredProvider() {
		if (this.beanFactory == null || this.closed) {
			// a closed context would create its beans again to look the registration up
			return Optional.empty();
		}
		UsdtProbeRegistration registration;
		try {
			registration = this.beanFactory.getBeanProvider(UsdtProbeRegistration.class).getIfAvailable();
		}
		catch (BeansException ex) {
			// closed meanwhile: creating the registration again failed (it must not succeed either)
			return Optional.empty();
		}
		return (registration != null && registration.isRegistered()) ? registration.provider(this.provider)
				: Optional.empty();
	}

}
