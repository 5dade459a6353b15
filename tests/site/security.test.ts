import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, inject, test } from 'vitest';
import { htmlFile, sitemapPaths } from '../support/pages';

/** The sources a page would load by itself: scripts, styles, icons, images, frames, media (not links it shows). */
const LOADING = 'script[src], link[href]:not([rel="canonical"]):not([rel="alternate"]):not([rel="sitemap"]), img[src], img[srcset], source[src], source[srcset], iframe[src], video[src], audio[src], embed[src], object[data]';

/** True for an address that stays on the site's own origin. */
const sameOrigin = (address: string) => !/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(address.trim()) || /^data:/i.test(address);

/** The CSS files of a build. */
function stylesheets(dist: string): string[] {
	return readdirSync(join(dist, '_astro')).filter((file) => file.endsWith('.css')).map((file) => join(dist, '_astro', file));
}

describe.each(inject('sites'))('the built $name site', ({ dist }) => {
	const pages = sitemapPaths(dist).map((path) => ({ path, html: parse(readFileSync(htmlFile(dist, path), 'utf8')) }));

	test('has pages to check', () => {
		expect(pages.length).toBeGreaterThanOrEqual(3);
	});

	test('no page loads anything from another origin', () => {
		for (const { path, html } of pages) {
			for (const element of html.querySelectorAll(LOADING)) {
				for (const attribute of ['src', 'href', 'srcset', 'data']) {
					const value = element.getAttribute(attribute);
					if (value) for (const address of value.split(',').map((part) => part.trim().split(/\s+/)[0]!)) expect(sameOrigin(address), `${path}：<${element.tagName.toLowerCase()} ${attribute}="${value}">`).toBe(true);
				}
			}
			for (const style of html.querySelectorAll('[style], style')) {
				expect(style.toString(), path).not.toMatch(/url\(\s*['"]?(?:https?:)?\/\//i);
			}
		}
		for (const css of stylesheets(dist)) expect(readFileSync(css, 'utf8'), css).not.toMatch(/url\(\s*['"]?(?:https?:)?\/\//i);
		for (const css of stylesheets(dist)) expect(readFileSync(css, 'utf8'), css).not.toMatch(/@import\s+(?:url\()?['"]?(?:https?:)?\/\//i);
	});

	test('every page carries a Content Security Policy, before any script, that allows exactly its own inline scripts', () => {
		for (const { path, html } of pages) {
			const raw = readFileSync(htmlFile(dist, path), 'utf8');
			expect(raw.indexOf('http-equiv="content-security-policy"'), `${path}：CSP 必须在第一个 <script> 之前`).toBeLessThan(raw.indexOf('<script'));
			const policy = html.querySelector('meta[http-equiv="content-security-policy"]')?.getAttribute('content');
			expect(policy, `${path} 没有 CSP`).toBeDefined();
			const scriptSrc = /script-src ([^;]+)/.exec(policy!)?.[1] ?? '';
			expect(scriptSrc, path).not.toContain("'unsafe-inline'");
			expect(scriptSrc, path).not.toContain("'unsafe-eval'");
			expect(policy, path).toContain("default-src 'self'");
			expect(policy, path).toContain("object-src 'none'");
			const inline = html.querySelectorAll('script:not([src])').map((script) => `'sha256-${createHash('sha256').update(script.rawText).digest('base64')}'`);
			const listed = scriptSrc.split(/\s+/).filter((source) => source.startsWith("'sha"));
			expect(new Set(listed), `${path}：CSP 里的脚本哈希应当正好是本页内联脚本的哈希`).toEqual(new Set(inline));
		}
	});
});
