import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** How Starlight's table-of-contents components import the module this integration replaces. */
const STARLIGHT_TOC = /\/components-internals\/TableOfContents\/starlight-toc(?:\.[jt]s)?$/;

/**
 * Swaps Starlight's table-of-contents script for `src/scripts/starlight-toc.ts`, which says why. The build fails if
 * Starlight no longer imports the module by that path, so an upgrade cannot silently bring the slow one back.
 */
export function leanToc(): AstroIntegration {
	const replacement = fileURLToPath(new URL('../scripts/starlight-toc.ts', import.meta.url));
	let replaced = 0;
	return {
		name: 'oci-guide:lean-toc',
		hooks: {
			'astro:config:setup': ({ updateConfig }) => {
				updateConfig({
					vite: {
						plugins: [
							{
								name: 'oci-guide:lean-toc',
								enforce: 'pre',
								resolveId(source, importer) {
									if (!STARLIGHT_TOC.test(source) || !importer?.includes('@astrojs/starlight')) return null;
									replaced++;
									return replacement;
								},
							},
						],
					},
				});
			},
			'astro:build:done': ({ logger }) => {
				if (replaced === 0) {
					throw new Error(
						'Starlight 的目录组件不再从 components-internals/TableOfContents/starlight-toc 导入脚本，' +
							'src/integrations/lean-toc.ts 没能替换它：请按新版 Starlight 的导入路径更新 STARLIGHT_TOC。',
					);
				}
				logger.info(`replaced Starlight's table-of-contents script (${replaced} imports)`);
			},
		},
	};
}
