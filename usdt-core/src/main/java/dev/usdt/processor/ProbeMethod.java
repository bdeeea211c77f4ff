package dev.usdt.processor;

import java.util.ArrayList;
import java.util.List;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

import dev.usdt.ProbeName;
import dev.usdt.parser.DNames;
import dev.usdt.parser.JavaNames;
import dev.usdt.parser.JavaTypes;
import dev.usdt.parser.ProbeDefinition;

/**
 * One abstract method of a typed interface as the processor sees it: a fire method or an
 * is-enabled check, its parameters with the expression that turns each into what
 * {@code Probe.fire} takes, and what makes it invalid, by the same rules as the runtime's checks.
 */
record ProbeMethod(ExecutableElement element, boolean check, List<Parameter> parameters, List<String> problems) {

	/**
	 * @param type the type as written in the generated source
	 * @param name the parameter name
	 * @param value the expression the probe receives: a {@code long} or a {@code String}
	 * @param text whether the probe argument is a string
	 */
	record Parameter(String type, String name, String value, boolean text) {
	}

	static ProbeMethod of(ExecutableElement method, ProcessingEnvironment environment) {
		List<String> problems = new ArrayList<>();
		String name = method.getSimpleName().toString();
		ProbeName explicit = method.getAnnotation(ProbeName.class);
		if (explicit != null && !DNames.isIdentifier(explicit.value())) {
			problems.add("USDT probe method " + name + ": @ProbeName(\"" + explicit.value()
					+ "\") is not an identifier: " + DNames.probeNameRule(explicit.value()));
		}
		TypeKind returns = method.getReturnType().getKind();
		if (returns == TypeKind.BOOLEAN && method.getParameters().isEmpty() && JavaNames.isEnabledCheck(name)) {
			return new ProbeMethod(method, true, List.of(), problems);
		}
		if (returns != TypeKind.VOID) {
			problems.add("USDT probe method " + name + " must return void (it fires a probe) or be a "
					+ "'boolean isXxxEnabled()' check");
		}
		if (method.getParameters().size() > ProbeDefinition.MAX_ARGUMENTS) {
			problems.add("USDT probe method " + name + " has " + method.getParameters().size()
					+ " parameters; a probe takes at most " + ProbeDefinition.MAX_ARGUMENTS);
		}
		List<Parameter> parameters = new ArrayList<>();
		for (VariableElement parameter : method.getParameters()) {
			Parameter converted = parameter(parameter, environment);
			if (converted == null) {
				problems.add("USDT probe method " + name + ": parameter " + parameter.getSimpleName()
						+ " has unsupported type " + parameter.asType() + "; use an integer type, boolean, char, "
						+ "String, CharSequence or an enum (pass toString() yourself)");
			}
			else {
				parameters.add(converted);
			}
		}
		return new ProbeMethod(method, false, parameters, problems);
	}

	String name() {
		return this.element.getSimpleName().toString();
	}

	/** The key {@code InterfaceProbes.handle} looks the method up by: {@code name(canonical types)}. */
	String key() {
		return name() + "(" + String.join(",", this.parameters.stream().map(Parameter::type).toList()) + ")";
	}

	private static Parameter parameter(VariableElement parameter, ProcessingEnvironment environment) {
		TypeMirror type = parameter.asType();
		String name = parameter.getSimpleName().toString();
		String typeName = typeName(type, environment);
		if (typeName == null) {
			return null;
		}
		if (type.getKind().isPrimitive()) {
			String value = (type.getKind() == TypeKind.BOOLEAN) ? "(" + name + " ? 1L : 0L)" : name;
			return JavaTypes.integerKind(typeName).isPresent() ? new Parameter(typeName, name, value, false) : null;
		}
		if (JavaTypes.integerKind(typeName).isPresent()) {
			String value = switch (typeName) {
				case "java.lang.Boolean" -> "((" + name + " != null && " + name + ") ? 1L : 0L)";
				case "java.lang.Character" -> "((" + name + " != null) ? (long) " + name + ".charValue() : 0L)";
				default -> "((" + name + " != null) ? " + name + ".longValue() : 0L)";
			};
			return new Parameter(typeName, name, value, false);
		}
		if (typeName.equals("java.lang.String")) {
			return new Parameter(typeName, name, name, true);
		}
		TypeElement element = (TypeElement) environment.getTypeUtils().asElement(type);
		if (element.getKind() == ElementKind.ENUM) {
			return new Parameter(typeName, name, "((" + name + " != null) ? " + name + ".name() : null)", true);
		}
		TypeMirror charSequence = environment.getElementUtils().getTypeElement("java.lang.CharSequence").asType();
		if (environment.getTypeUtils().isAssignable(type, charSequence)) {
			return new Parameter(typeName, name, "((" + name + " != null) ? " + name + ".toString() : null)", true);
		}
		return null;
	}

	/** The canonical name without type annotations, or {@code null} for arrays, type variables and the like. */
	private static String typeName(TypeMirror type, ProcessingEnvironment environment) {
		if (type.getKind().isPrimitive()) {
			return type.getKind().name().toLowerCase(java.util.Locale.ROOT);
		}
		if (type.getKind() != TypeKind.DECLARED) {
			return null;
		}
		TypeElement element = (TypeElement) environment.getTypeUtils().asElement(type);
		return element.getTypeParameters().isEmpty() ? element.getQualifiedName().toString() : null;
	}

}
