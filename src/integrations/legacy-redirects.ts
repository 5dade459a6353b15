import { readdir, writeFile } from 'node:fs/promises';
import { parse } from 'node:path';
import type { AstroIntegration } from 'astro';
import { legacyRedirectRules } from '../lib/redirects';

/** Writes `dist/_redirects` so that the old VuePress addresses (`.html`, `.md`) of every article still work. */
export function legacyRedirects(): AstroIntegration {
	let docsDir: URL;
	return {
		name: 'oci-guide:legacy-redirects',
		hooks: {
			'astro:config:done': ({ config }) => {
				docsDir = new URL('content/docs/', config.srcDir);
			},
			'astro:build:done': async ({ dir, pages, logger }) => {
				const articleIds = (await readdir(docsDir))
					.filter((file) => /^oci-\d{2}-.*\.mdx?$/.test(file))
					.map((file) => parse(file).name);
				const rules = legacyRedirectRules(articleIds, new Set(pages.map(({ pathname }) => pathname)));
				await writeFile(new URL('_redirects', dir), `${rules.join('\n')}\n`);
				logger.info(`wrote ${rules.length} redirects for the old VuePress addresses`);
			},
		},
	};
}
