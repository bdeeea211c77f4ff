package dev.usdt;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Defines at run time, with ASM, the implementation of a typed interface that was compiled without
 * the annotation processor: the class {@code ImplementationSource} would have generated, with a
 * {@code final} handle field per method and the process-wide guard checked first, so a disabled
 * call costs what the processor's does and allocates nothing. One class per interface, in its
 * package and class loader; hidden where the interface's lookup allows it. Empty where no class can
 * be defined there (a named module not open to usdt-core, a class loader that resolves usdt-core's
 * classes to others or none, a native image): the caller then falls back to a JDK proxy.
 */
final class RuntimeImplementations {

	private static final String SUFFIX = "$$UsdtRuntime";

	private static final String OBJECT = Type.getInternalName(Object.class);

	private static final String PROBES = Type.getInternalName(InterfaceProbes.class);

	private static final String PROBES_DESCRIPTOR = Type.getDescriptor(InterfaceProbes.class);

	private static final String HANDLE = Type.getInternalName(ProbeHandle.class);

	private static final String HANDLE_DESCRIPTOR = Type.getDescriptor(ProbeHandle.class);

	/** The classes the generated code links to, all resolved through the interface's class loader. */
	private static final List<Class<?>> LINKED = List.of(InterfaceProbes.class, ProbeHandle.class,
			ProbeActivation.class, Probe.class);

	private static final MethodType CONSTRUCTOR = MethodType.methodType(void.class, InterfaceProbes.class);

	private static final ClassValue<Optional<MethodHandle>> constructors = new ClassValue<>() {

		@Override
		protected Optional<MethodHandle> computeValue(Class<?> type) {
			return define(new TypedInterface(type));
		}

	};

	private RuntimeImplementations() {
	}

	/** An instance of the interface's runtime implementation, or empty if none can be defined. */
	static <T> Optional<T> create(Class<T> type, InterfaceProbes probes) {
		// No lambda, as in TypedProviders: a context binding such an interface runs this at start-up
		Optional<MethodHandle> constructor = constructors.get(type);
		if (constructor.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(type.cast(instantiate(constructor.get(), probes)));
	}

	private static Object instantiate(MethodHandle constructor, InterfaceProbes probes) {
		try {
			return constructor.invoke(probes);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new UsdtException("Cannot create the runtime implementation of " + probes.type().getName(), ex);
		}
	}

	private static Optional<MethodHandle> define(TypedInterface typed) {
		Class<?> type = typed.type();
		if (!canLink(type)) {
			return Optional.empty();
		}
		try {
			MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
			byte[] bytes = write(typed);
			// A hidden class needs full privilege (usdt-core in the interface's module); a normal one
			// only package access, and a name of its own
			if (lookup.hasFullPrivilegeAccess()) {
				MethodHandles.Lookup hidden = lookup.defineHiddenClass(bytes, true);
				return Optional.of(hidden.findConstructor(hidden.lookupClass(), CONSTRUCTOR));
			}
			return Optional.of(lookup.findConstructor(defineNamed(lookup, bytes, type.getName() + SUFFIX), CONSTRUCTOR));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return Optional.empty();
		}
	}

	/**
	 * The ClassValue may compute twice when two threads bind the interface first at once: the
	 * second definition of the name fails, and the class the first one defined serves both.
	 */
	private static Class<?> defineNamed(MethodHandles.Lookup lookup, byte[] bytes, String name)
			throws ReflectiveOperationException {
		try {
			return lookup.defineClass(bytes);
		}
		catch (LinkageError ex) {
			return lookup.findClass(name);
		}
	}

	/**
	 * Whether code in the interface's package links to our classes: the method bodies resolve them
	 * lazily, so a failure there would surface in the user's first call instead of here.
	 */
	private static boolean canLink(Class<?> type) {
		Module usdt = RuntimeImplementations.class.getModule();
		if (!type.getModule().canRead(usdt) || !usdt.isExported(RuntimeImplementations.class.getPackageName(),
				type.getModule())) {
			return false;
		}
		try {
			for (Class<?> linked : LINKED) {
				if (Class.forName(linked.getName(), false, type.getClassLoader()) != linked) {
					return false;
				}
			}
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	private static byte[] write(TypedInterface typed) {
		String name = Type.getInternalName(typed.type()) + SUFFIX;
		ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
		writer.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_SUPER, name, null, OBJECT,
				new String[] { Type.getInternalName(typed.type()) });
		writer.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "probes", PROBES_DESCRIPTOR, null, null).visitEnd();
		List<Method> methods = new ArrayList<>(typed.fireMethods());
		methods.addAll(typed.enabledChecks());
		MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>",
				CONSTRUCTOR.toMethodDescriptorString(), null, null);
		constructor.visitVarInsn(Opcodes.ALOAD, 0);
		constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, OBJECT, "<init>", "()V", false);
		constructor.visitVarInsn(Opcodes.ALOAD, 0);
		constructor.visitVarInsn(Opcodes.ALOAD, 1);
		constructor.visitFieldInsn(Opcodes.PUTFIELD, name, "probes", PROBES_DESCRIPTOR);
		for (int i = 0; i < methods.size(); i++) {
			writer.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "p" + i, HANDLE_DESCRIPTOR, null, null).visitEnd();
			constructor.visitVarInsn(Opcodes.ALOAD, 0);
			constructor.visitVarInsn(Opcodes.ALOAD, 1);
			constructor.visitLdcInsn(InterfaceProbes.key(methods.get(i)));
			constructor.visitMethodInsn(Opcodes.INVOKEVIRTUAL, PROBES, "handle", "(Ljava/lang/String;)" + HANDLE_DESCRIPTOR,
					false);
			constructor.visitFieldInsn(Opcodes.PUTFIELD, name, "p" + i, HANDLE_DESCRIPTOR);
			writeMethod(writer, name, "p" + i, methods.get(i));
		}
		constructor.visitInsn(Opcodes.RETURN);
		end(constructor);
		MethodVisitor toString = writer.visitMethod(Opcodes.ACC_PUBLIC, "toString", "()Ljava/lang/String;", null, null);
		toString.visitVarInsn(Opcodes.ALOAD, 0);
		toString.visitFieldInsn(Opcodes.GETFIELD, name, "probes", PROBES_DESCRIPTOR);
		toString.visitMethodInsn(Opcodes.INVOKEVIRTUAL, PROBES, "toString", "()Ljava/lang/String;", false);
		toString.visitInsn(Opcodes.ARETURN);
		end(toString);
		writer.visitEnd();
		return writer.toByteArray();
	}

	/**
	 * A check: {@code return guard && pN.shouldFire();}. A fire method: {@code if (guard &&
	 * pN.shouldFire()) pN.probe().fireArgs(boxed arguments);}, boxing only once enabled. The guard
	 * comes first so that while it is off the JIT folds the call to nothing, as in the processor's.
	 */
	private static void writeMethod(ClassWriter writer, String owner, String field, Method method) {
		MethodVisitor body = writer.visitMethod(Opcodes.ACC_PUBLIC, method.getName(), Type.getMethodDescriptor(method),
				null, null);
		Label disabled = new Label();
		body.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(ProbeActivation.class), "anyMayBeEnabled", "()Z",
				false);
		body.visitJumpInsn(Opcodes.IFEQ, disabled);
		body.visitVarInsn(Opcodes.ALOAD, 0);
		body.visitFieldInsn(Opcodes.GETFIELD, owner, field, HANDLE_DESCRIPTOR);
		body.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HANDLE, "shouldFire", "()Z", false);
		boolean check = method.getReturnType() == boolean.class;
		if (check) {
			body.visitInsn(Opcodes.IRETURN);
		}
		else {
			body.visitJumpInsn(Opcodes.IFEQ, disabled);
			body.visitVarInsn(Opcodes.ALOAD, 0);
			body.visitFieldInsn(Opcodes.GETFIELD, owner, field, HANDLE_DESCRIPTOR);
			body.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HANDLE, "probe", "()" + Type.getDescriptor(Probe.class), false);
			pushArguments(body, method.getParameterTypes());
			body.visitMethodInsn(Opcodes.INVOKEVIRTUAL, Type.getInternalName(Probe.class), "fireArgs",
					"([Ljava/lang/Object;)V", false);
		}
		// Where the guard or the handle said no: stack empty, locals as on entry
		body.visitLabel(disabled);
		body.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
		if (check) {
			body.visitInsn(Opcodes.ICONST_0);
			body.visitInsn(Opcodes.IRETURN);
		}
		else {
			body.visitInsn(Opcodes.RETURN);
		}
		end(body);
	}

	/** {@code new Object[] { arguments... }}, primitives boxed by their wrapper's {@code valueOf}. */
	private static void pushArguments(MethodVisitor body, Class<?>[] parameters) {
		body.visitIntInsn(Opcodes.BIPUSH, parameters.length);
		body.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
		int slot = 1;
		for (int i = 0; i < parameters.length; i++) {
			Type parameter = Type.getType(parameters[i]);
			body.visitInsn(Opcodes.DUP);
			body.visitIntInsn(Opcodes.BIPUSH, i);
			body.visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), slot);
			if (parameters[i].isPrimitive()) {
				Class<?> box = MethodType.methodType(parameters[i]).wrap().returnType();
				body.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(box), "valueOf",
						Type.getMethodDescriptor(Type.getType(box), parameter), false);
			}
			body.visitInsn(Opcodes.AASTORE);
			slot += parameter.getSize();
		}
	}

	private static void end(MethodVisitor method) {
		method.visitMaxs(0, 0);
		method.visitEnd();
	}

}
