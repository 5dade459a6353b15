/**
 * The files a built page loads when it opens: what its HTML references and the bundled modules those scripts import,
 * statically or with a literal `import()` (Starlight loads the search UI that way once the page is idle). Files whose
 * address is computed at run time, such as Pagefind's index, load only when a reader searches and are not counted.
 */
import { parse } from 'node-html-parser';

/** Where a page's own files are referenced from its HTML. */
const REFERENCES = [
	{ selector: 'script[src]', attribute: 'src' },
	{ selector: 'link[href][rel~="stylesheet"], link[href][rel~="modulepreload"], link[href][rel~="preload"], link[href][rel~="icon"]', attribute: 'href' },
	{ selector: 'img[src]', attribute: 'src' },
] as const;

/** Site paths (`/_astro/x.css`) of the same-site files a page's HTML loads: scripts, stylesheets, preloads, icons, images. */
export function htmlAssets(html: string, pagePath: string): string[] {
	const document = parse(html);
	const paths = REFERENCES.flatMap(({ selector, attribute }) => document.querySelectorAll(selector).map((element) => element.getAttribute(attribute) ?? ''));
	return unique(paths.flatMap((reference) => sitePath(reference, pagePath)));
}

/** Site paths of the modules a script imports: `import … from "./x.js"`, `import "./x.js"`, `export … from`, `import("./x.js")`. */
export function scriptImports(code: string, scriptPath: string): string[] {
	const statics = [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+)["']/g)];
	const dynamics = [...code.matchAll(/\bimport\(\s*(["'`])([^"'`$]+)\1\s*\)/g)];
	const specifiers = [...statics.map((match) => match[1]!), ...dynamics.map((match) => match[2]!)];
	return unique(specifiers.flatMap((specifier) => (/^[./]/.test(specifier) ? sitePath(specifier, scriptPath) : [])));
}

/** The path a reference points to on this site, or nothing for another origin or a data URL. */
function sitePath(reference: string, from: string): string[] {
	if (reference === '' || /^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(reference)) return [];
	const url = new URL(reference, new URL(from, 'http://site.invalid'));
	return [decodeURIComponent(url.pathname)];
}

function unique(values: string[]): string[] {
	return [...new Set(values)];
}
