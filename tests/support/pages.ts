/** The pages of a build, as a crawler or a reader would find them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sitemapPaths as pathsInSitemap } from '../../src/lib/bench/pages';

/** Paths of every page in the build's sitemap, plus `/404/`: an address with no page, which gets the 404 page. */
export function sitemapPaths(dist: string): string[] {
	return [...pathsInSitemap(readFileSync(join(dist, 'sitemap-0.xml'), 'utf8')), '/404/'];
}

/** The built HTML file of a page path. */
export function htmlFile(dist: string, path: string): string {
	// `/404/` is not a page of its own: a static host answers unknown addresses with 404.html.
	return path === '/404/' ? join(dist, '404.html') : join(dist, path, 'index.html');
}
