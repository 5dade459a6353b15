import { readFile, readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { AstroIntegration } from 'astro';
import { hashInlineScripts } from '../lib/csp';

/** After the build, completes every page's CSP with the hashes of the inline scripts Astro left unhashed. */
export function cspInlineHashes(): AstroIntegration {
	return {
		name: 'oci-guide:csp-inline-hashes',
		hooks: {
			'astro:build:done': async ({ dir, logger }) => {
				const root = fileURLToPath(dir);
				const pages = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.html'));
				let changed = 0;
				for (const page of pages) {
					const html = await readFile(join(root, page), 'utf8');
					const hashed = hashInlineScripts(html);
					if (hashed !== html) {
						await writeFile(join(root, page), hashed);
						changed++;
					}
				}
				logger.info(`hashed inline scripts into the CSP of ${changed} of ${pages.length} pages`);
			},
		},
	};
}
