package dev.usdt.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

import dev.usdt.UsdtProvider;
import dev.usdt.parser.DNames;
import dev.usdt.parser.JavaNames;

/**
 * Generates, for every {@code @UsdtProvider} interface, the implementation
 * {@code TypedProviders.bind} and the Spring Boot starter use instead of defining one at run time:
 * {@code OrderEvents} → {@code OrderEvents_Usdt}, holding a {@code ProbeHandle} per method in a
 * {@code final} field. A method that cannot be a probe is a compile error at that method.
 *
 * <p>
 * Option {@code -Ausdt.invalidInterfaces=warning} reports such methods as warnings and skips the
 * interface instead, for code that tests the runtime's own checks.
 */
@SupportedAnnotationTypes(UsdtProviderProcessor.ANNOTATION)
@SupportedOptions(UsdtProviderProcessor.INVALID_OPTION)
public class UsdtProviderProcessor extends AbstractProcessor {

	static final String ANNOTATION = "dev.usdt.UsdtProvider";

	static final String INVALID_OPTION = "usdt.invalidInterfaces";

	@Override
	public SourceVersion getSupportedSourceVersion() {
		return SourceVersion.latestSupported();
	}

	@Override
	public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
		TypeElement annotation = this.processingEnv.getElementUtils().getTypeElement(ANNOTATION);
		if (annotation == null) {
			return false;
		}
		for (Element element : round.getElementsAnnotatedWith(annotation)) {
			if (element.getKind() == ElementKind.INTERFACE) {
				generate((TypeElement) element);
			}
		}
		return false;
	}

	private void generate(TypeElement type) {
		if (type.getModifiers().contains(Modifier.PRIVATE) || !type.getTypeParameters().isEmpty()) {
			note(type, "no implementation generated for a private or generic @UsdtProvider interface; its "
					+ "implementation is defined at run time");
			return;
		}
		List<ProbeMethod> methods = new ArrayList<>();
		boolean valid = true;
		UsdtProvider provider = type.getAnnotation(UsdtProvider.class);
		if (provider != null && !DNames.isIdentifier(provider.value())) {
			report(type, "@UsdtProvider(\"" + provider.value() + "\") is not an identifier: "
					+ DNames.providerNameRule(provider.value()));
			valid = false;
		}
		for (ExecutableElement method : ElementFilter
			.methodsIn(this.processingEnv.getElementUtils().getAllMembers(type))) {
			if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
				continue;
			}
			ProbeMethod probe = ProbeMethod.of(method, this.processingEnv);
			for (String problem : probe.problems()) {
				report(method, problem);
				valid = false;
			}
			methods.add(probe);
		}
		if (!valid) {
			return;
		}
		String binaryName = this.processingEnv.getElementUtils().getBinaryName(type).toString();
		String generated = JavaNames.implementationClass(binaryName);
		ImplementationSource source = new ImplementationSource(type, generated, methods);
		try (Writer writer = this.processingEnv.getFiler().createSourceFile(generated, type).openWriter()) {
			writer.write(source.render());
		}
		catch (IOException ex) {
			this.processingEnv.getMessager()
				.printMessage(Diagnostic.Kind.ERROR, "Cannot write " + generated + ": " + ex.getMessage(), type);
		}
	}

	private void report(Element element, String message) {
		boolean warnOnly = "warning".equals(this.processingEnv.getOptions().get(INVALID_OPTION));
		this.processingEnv.getMessager()
			.printMessage(warnOnly ? Diagnostic.Kind.WARNING : Diagnostic.Kind.ERROR, message, element);
	}

	private void note(Element element, String message) {
		this.processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, message, element);
	}

}
