package dev.usdt.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

import dev.usdt.UsdtException;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.DefinitionProblem;
import dev.usdt.parser.PreparsedDefinitions;
import dev.usdt.parser.ProviderParser;

/**
 * Finds and parses the D provider files named by {@code usdt.definitions}. A file with errors
 * fails startup with every error as {@code file:line:col: error: ...}; warnings are logged.
 */
final class DefinitionFileLoader {

	private static final Log logger = LogFactory.getLog(DefinitionFileLoader.class);

	private final ResourcePatternResolver resolver;

	DefinitionFileLoader(ResourcePatternResolver resolver) {
		this.resolver = resolver;
	}

	/**
	 * Parses every file the patterns match, each once, in a stable order.
	 * @throws dev.usdt.parser.DefinitionException if a file has errors
	 * @throws UsdtException if a pattern or file cannot be read
	 */
	List<DefinitionFile> load(List<String> patterns) {
		Map<String, Resource> resources = new LinkedHashMap<>();
		for (String pattern : patterns) {
			if (pattern.isBlank()) {
				continue;
			}
			boolean found = false;
			for (Resource resource : resolve(pattern.trim())) {
				if (resource.isReadable()) {
					resources.putIfAbsent(location(resource), resource);
					found = true;
				}
			}
			if (!found && namesOneFile(pattern.trim())) {
				// a pattern may match nothing (the default does in an application without .d files); a
				// file named by its location is one the application counts on
				throw new ProbeDeclarationException("usdt.definitions names " + pattern.trim()
						+ ", which does not exist or cannot be read", "correct the location, or name the files with a "
								+ "pattern (classpath*:usdt/**/*.d) if there may be none",
						null);
			}
		}
		Set<String> namesInUse = new HashSet<>();
		Set<String> sharedNames = new HashSet<>();
		for (Resource resource : resources.values()) {
			String name = classpathName(resource);
			if (!namesInUse.add(name)) {
				sharedNames.add(name);
			}
		}
		List<DefinitionFile> files = new ArrayList<>();
		for (Map.Entry<String, Resource> entry : resources.entrySet()) {
			String name = classpathName(entry.getValue());
			// two files at one classpath path (in two jars) keep their full locations apart
			files.add(parse(sharedNames.contains(name) ? entry.getKey() : name, entry.getValue()));
		}
		return files;
	}

	/** A location without wildcards and not {@code classpath*:}, which looks in every class path root. */
	private boolean namesOneFile(String pattern) {
		return !pattern.startsWith(ResourcePatternResolver.CLASSPATH_ALL_URL_PREFIX) && !pattern.contains("*")
				&& !pattern.contains("?") && !pattern.contains("{");
	}

	private Resource[] resolve(String pattern) {
		try {
			return this.resolver.getResources(pattern);
		}
		catch (IOException ex) {
			throw new UsdtException("Cannot resolve usdt.definitions pattern '" + pattern + "': " + ex.getMessage(), ex);
		}
	}

	private DefinitionFile parse(String name, Resource resource) {
		String text;
		try {
			text = resource.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UsdtException("Cannot read USDT definition file " + location(resource) + ": " + ex.getMessage(), ex);
		}
		DefinitionFile file = parsedAtBuildTime(name, resource, text).orElse(null);
		if (file == null) {
			file = ProviderParser.parse(name, text);
		}
		for (DefinitionProblem warning : file.warnings()) {
			logger.warn(warning.format());
		}
		return file;
	}

	/**
	 * The parsed form usdt-core's annotation processor wrote next to the file, if it was made from
	 * this very text under this name: the parser then stays unloaded ({@code docs/d-language.md §9}).
	 */
	private static Optional<DefinitionFile> parsedAtBuildTime(String name, Resource resource, String text) {
		try {
			String fileName = resource.getFilename();
			if (fileName == null) {
				return Optional.empty();
			}
			Resource parsed = resource.createRelative(fileName + PreparsedDefinitions.SUFFIX);
			// Read at once: a missing form throws like an unreadable one, one look-up instead of two
			Optional<DefinitionFile> file = PreparsedDefinitions.decode(name, text,
					parsed.getContentAsString(StandardCharsets.UTF_8));
			if (file.isEmpty() && logger.isDebugEnabled()) {
				logger.debug("Parsing " + name + ": " + parsed + " was made from another text, name or format");
			}
			return file;
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/** A file path when there is one, else the URL (inside a jar, a nested jar). */
	private static String location(Resource resource) {
		try {
			return resource.isFile() ? resource.getFile().getPath() : resource.getURL().toString();
		}
		catch (IOException ex) {
			return resource.getDescription();
		}
	}

	/**
	 * The name errors and the endpoint give a file: its path on the class path
	 * ({@code usdt/orders.d}, what the application's sources hold), whether it was found in a
	 * directory, a jar or a jar nested in the application's jar. A file found outside the class
	 * path keeps its {@link #location}.
	 */
	private String classpathName(Resource resource) {
		String location = location(resource);
		int entry = location.lastIndexOf("!/");
		if (location.startsWith("jar:") && entry >= 0) {
			// the entry's path inside the innermost jar is its path on the class path
			return location.substring(entry + 2);
		}
		ClassLoader classLoader = this.resolver.getClassLoader();
		if (classLoader == null || !resource.isFile()) {
			return location;
		}
		// the shortest trailing part of the path the class loader finds as this same file
		String path = location.replace(File.separatorChar, '/');
		for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
			String candidate = path.substring(slash + 1);
			URL found = classLoader.getResource(candidate);
			if (found != null && sameFile(found, location)) {
				return candidate;
			}
		}
		return location;
	}

	private static boolean sameFile(URL url, String path) {
		try {
			return "file".equals(url.getProtocol()) && Path.of(url.toURI()).equals(Path.of(path));
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			return false;
		}
	}

}
