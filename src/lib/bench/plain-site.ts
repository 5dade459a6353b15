/**
 * The reference the Lighthouse benchmark compares against: a Starlight project with nothing added, zh-CN as its root
 * locale, and one ordinary Markdown page at `/`. Built with this project's own Astro and Starlight.
 */

/**
 * The files of the plain project, by path, for a page with the given Markdown (its first `# ` heading is the title).
 * `versions` are this project's versions of `astro` and `@astrojs/starlight`: Astro finds the packages it must
 * bundle through the project's declared dependencies, so the plain project declares the same ones.
 */
export function plainStarlightFiles(markdown: string, versions: { astro: string; starlight: string }): Record<string, string> {
	const heading = /^# (.+)$/m.exec(markdown);
	const title = heading?.[1]?.trim() ?? '页面';
	const body = heading ? markdown.replace(heading[0], '').trimStart() : markdown;
	return {
		'package.json': `${JSON.stringify({ name: 'plain-starlight', private: true, type: 'module', dependencies: { '@astrojs/starlight': versions.starlight, astro: versions.astro } }, null, '\t')}\n`,
		'astro.config.mjs': [
			"import { defineConfig } from 'astro/config';",
			"import starlight from '@astrojs/starlight';",
			'',
			"export default defineConfig({ integrations: [starlight({ title: 'Starlight', locales: { root: { label: '简体中文', lang: 'zh-CN' } } })] });",
			'',
		].join('\n'),
		'src/content.config.ts': [
			"import { defineCollection } from 'astro:content';",
			"import { docsLoader } from '@astrojs/starlight/loaders';",
			"import { docsSchema } from '@astrojs/starlight/schema';",
			'',
			'export const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };',
			'',
		].join('\n'),
		'src/content/docs/index.md': `---\ntitle: ${JSON.stringify(title)}\ndescription: 对照页面：没有任何定制的 Starlight 页面。\n---\n\n${body}`,
	};
}
