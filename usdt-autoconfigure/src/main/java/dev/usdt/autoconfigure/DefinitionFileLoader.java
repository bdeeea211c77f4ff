package dev.usdt.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

import dev.usdt.UsdtException;
import dev.usdt.parser.DefinitionFile;
import dev.usdt.parser.DefinitionProblem;
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
			for (Resource resource : resolve(pattern.trim())) {
				if (resource.isReadable()) {
					resources.putIfAbsent(sourceName(resource), resource);
				}
			}
		}
		List<DefinitionFile> files = new ArrayList<>();
		resources.forEach((name, resource) -> files.add(parse(name, resource)));
		return files;
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
			throw new UsdtException("Cannot read USDT definition file " + name + ": " + ex.getMessage(), ex);
		}
		DefinitionFile file = ProviderParser.parse(name, text);
		for (DefinitionProblem warning : file.warnings()) {
			logger.warn(warning.format());
		}
		return file;
	}

	/** A file path when there is one (editors jump to {@code path:line:col}), else the URL. */
	private static String sourceName(Resource resource) {
		try {
			return resource.isFile() ? resource.getFile().getPath() : resource.getURL().toString();
		}
		catch (IOException ex) {
			return resource.getDescription();
		}
	}

}
