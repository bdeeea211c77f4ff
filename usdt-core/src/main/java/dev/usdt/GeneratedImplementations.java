package dev.usdt;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

import dev.usdt.parser.JavaNames;

/**
 * Finds the implementation the annotation processor generated for a typed interface
 * ({@code OrderEvents} → {@code OrderEvents_Usdt}, in the same package and class loader) and
 * creates instances of it.
 */
final class GeneratedImplementations {

	private static final ClassValue<Optional<Constructor<?>>> constructors = new ClassValue<>() {

		@Override
		protected Optional<Constructor<?>> computeValue(Class<?> type) {
			try {
				Class<?> generated = Class.forName(JavaNames.implementationClass(type.getName()), false,
						type.getClassLoader());
				if (!type.isAssignableFrom(generated)) {
					return Optional.empty();
				}
				Constructor<?> constructor = generated.getDeclaredConstructor(InterfaceProbes.class);
				constructor.setAccessible(true);
				return Optional.of(constructor);
			}
			catch (ClassNotFoundException | NoSuchMethodException | RuntimeException ex) {
				return Optional.empty();
			}
		}

	};

	private GeneratedImplementations() {
	}

	/** An instance of the generated implementation, or empty if the interface was compiled without the processor. */
	static <T> Optional<T> create(Class<T> type, InterfaceProbes probes) {
		Optional<Constructor<?>> constructor = constructors.get(type);
		if (constructor.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(type.cast(constructor.get().newInstance(probes)));
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new UsdtException("Cannot create " + constructor.get().getDeclaringClass().getName() + ": "
					+ ex.getCause(), ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new UsdtException("Cannot create " + constructor.get().getDeclaringClass().getName() + ": " + ex, ex);
		}
	}

}
