package dev.usdt.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

import dev.usdt.parser.JavaNames;
import dev.usdt.parser.ProbeDefinition;

/**
 * Generates, for every class with {@code @UsdtProbe} methods, the subclass the Spring Boot starter
 * instantiates instead of proxying the bean: {@code GreetingService} →
 * {@code GreetingService$$Usdt}, overriding each probed method to fire its probes around
 * {@code super}'s (docs/probed-subclasses.md). Only when the starter is on the class path; a class
 * the processor cannot subclass (final, abstract, generic, private, no visible constructor, or
 * changed by Lombok) gets nothing, and the starter proxies its beans as before.
 */
@SupportedAnnotationTypes(ProbedSubclassProcessor.ANNOTATION)
public class ProbedSubclassProcessor extends AbstractProcessor {

	static final String ANNOTATION = "dev.usdt.UsdtProbe";

	/** The interface every generated subclass implements; absent without the starter. */
	static final String PROBED_SUBCLASS = "dev.usdt.autoconfigure.ProbedSubclass";

	@Override
	public SourceVersion getSupportedSourceVersion() {
		return SourceVersion.latestSupported();
	}

	@Override
	public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
		Elements elements = this.processingEnv.getElementUtils();
		TypeElement annotation = elements.getTypeElement(ANNOTATION);
		if (annotation == null || elements.getTypeElement(PROBED_SUBCLASS) == null) {
			return false;
		}
		Set<TypeElement> classes = new LinkedHashSet<>();
		for (Element element : round.getElementsAnnotatedWith(annotation)) {
			Element type = (element.getKind() == ElementKind.METHOD) ? element.getEnclosingElement() : element;
			if (type.getKind() == ElementKind.CLASS) {
				classes.add((TypeElement) type);
			}
		}
		for (TypeElement type : classes) {
			generate(type, annotation);
		}
		return false;
	}

	private void generate(TypeElement type, TypeElement annotation) {
		if (!canSubclass(type) || changedByLombok(type)) {
			return;
		}
		List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements())
			.stream()
			.filter((constructor) -> !constructor.getModifiers().contains(Modifier.PRIVATE))
			.toList();
		List<ExecutableElement> methods = probedMethods(type, annotation);
		warnAboutDroppedArguments(type, methods);
		if (constructors.isEmpty() || methods.isEmpty()) {
			return;
		}
		Elements elements = this.processingEnv.getElementUtils();
		String binaryName = elements.getBinaryName(type).toString();
		String packageName = elements.getPackageOf(type).getQualifiedName().toString();
		String generated = JavaNames.probedSubclass(binaryName);
		String simpleName = generated.substring(packageName.isEmpty() ? 0 : packageName.length() + 1);
		String source = new ProbedSubclassSource(type, packageName, simpleName, constructors, methods,
				this.processingEnv.getTypeUtils())
			.render();
		try (Writer writer = this.processingEnv.getFiler().createSourceFile(generated, type).openWriter()) {
			writer.write(source);
		}
		catch (IOException ex) {
			this.processingEnv.getMessager()
				.printMessage(Diagnostic.Kind.ERROR, "Cannot write " + generated + ": " + ex.getMessage(), type);
		}
	}

	/** A probe carries at most six arguments: say so where a method has more, as javac would. */
	private void warnAboutDroppedArguments(TypeElement type, List<ExecutableElement> methods) {
		for (ExecutableElement method : methods) {
			int count = method.getParameters().size();
			if (count > ProbeDefinition.MAX_ARGUMENTS && method.getEnclosingElement().equals(type)) {
				this.processingEnv.getMessager()
					.printMessage(Diagnostic.Kind.WARNING, "USDT probe method " + method.getSimpleName() + " has " + count
							+ " parameters; its entry probe carries the first " + ProbeDefinition.MAX_ARGUMENTS, method);
			}
		}
	}

	/** A concrete, non-generic class a subclass in its package can extend. */
	private static boolean canSubclass(TypeElement type) {
		Set<Modifier> modifiers = type.getModifiers();
		if (modifiers.contains(Modifier.FINAL) || modifiers.contains(Modifier.ABSTRACT)
				|| modifiers.contains(Modifier.PRIVATE) || !type.getTypeParameters().isEmpty()) {
			return false;
		}
		if (type.getNestingKind() == NestingKind.TOP_LEVEL) {
			return true;
		}
		return type.getNestingKind() == NestingKind.MEMBER && modifiers.contains(Modifier.STATIC)
				&& type.getEnclosingElement() instanceof TypeElement enclosing && canEnclose(enclosing);
	}

	/**
	 * Lombok adds constructors to the class during annotation processing, maybe after this
	 * processor has copied the ones it saw; the subclass would then call one that no longer
	 * exists and fail the build. Such a class is left to the proxy.
	 */
	private static boolean changedByLombok(TypeElement type) {
		if (hasLombokAnnotation(type)) {
			return true;
		}
		for (Element member : type.getEnclosedElements()) {
			if (hasLombokAnnotation(member)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasLombokAnnotation(Element element) {
		return element.getAnnotationMirrors()
			.stream()
			.anyMatch((mirror) -> ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName()
				.toString()
				.startsWith("lombok."));
	}

	private static boolean canEnclose(TypeElement type) {
		if (type.getModifiers().contains(Modifier.PRIVATE)) {
			return false;
		}
		return type.getNestingKind() == NestingKind.TOP_LEVEL
				|| (type.getEnclosingElement() instanceof TypeElement enclosing && canEnclose(enclosing));
	}

	/**
	 * The methods the starter gives probes on an instance of {@code type}: those carrying
	 * {@code @UsdtProbe}, and the public ones when the class or a superclass carries it; never
	 * static, private or final ones, nor {@link Object}'s. The starter checks at run time that
	 * the subclass overrides exactly the methods it finds (meta-annotations and annotated
	 * interfaces are seen only there), and proxies the bean instead when not.
	 */
	private List<ExecutableElement> probedMethods(TypeElement type, TypeElement annotation) {
		Elements elements = this.processingEnv.getElementUtils();
		boolean classLevel = annotatedClassHierarchy(type, annotation);
		String packageName = elements.getPackageOf(type).getQualifiedName().toString();
		List<ExecutableElement> methods = new ArrayList<>();
		for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
			TypeElement declaring = (TypeElement) method.getEnclosingElement();
			Set<Modifier> modifiers = method.getModifiers();
			if (declaring.getQualifiedName().contentEquals("java.lang.Object") || modifiers.contains(Modifier.STATIC)
					|| modifiers.contains(Modifier.PRIVATE) || modifiers.contains(Modifier.FINAL)) {
				continue;
			}
			boolean requested = isAnnotated(method, annotation) || (classLevel && modifiers.contains(Modifier.PUBLIC));
			boolean visible = modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PROTECTED)
					|| elements.getPackageOf(declaring).getQualifiedName().contentEquals(packageName);
			if (requested && visible) {
				methods.add(method);
			}
		}
		return methods;
	}

	private static boolean annotatedClassHierarchy(TypeElement type, TypeElement annotation) {
		for (TypeElement c = type; c != null; c = superclass(c)) {
			if (isAnnotated(c, annotation)) {
				return true;
			}
		}
		return false;
	}

	private static TypeElement superclass(TypeElement type) {
		TypeMirror superclass = type.getSuperclass();
		return (superclass.getKind() == TypeKind.DECLARED) ? (TypeElement) ((DeclaredType) superclass).asElement()
				: null;
	}

	private static boolean isAnnotated(Element element, TypeElement annotation) {
		return element.getAnnotationMirrors()
			.stream()
			.anyMatch((mirror) -> mirror.getAnnotationType().asElement().equals(annotation));
	}

}
