// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import starlightLinksValidator from 'starlight-links-validator';
import { siteUrl } from './src/lib/site-url';
import { editUrl } from './src/lib/repository';
import { legacyRedirects } from './src/integrations/legacy-redirects';
import { cspInlineHashes } from './src/integrations/csp-inline-hashes';
import { leanToc } from './src/integrations/lean-toc';
import { satteri } from '@astrojs/markdown-satteri';
import { headingAnchors } from './src/lib/heading-anchors';
import { scrollableTables } from './src/lib/scrollable-tables';
import { contentSecurityPolicy } from './src/lib/csp';
import { SERIES_SIDEBAR_GROUP } from './src/lib/vocabulary';

export default defineConfig({
	site: siteUrl(process.env, 'http://localhost:4321'),
	trailingSlash: 'always',
	security: { csp: contentSecurityPolicy },
	// Code blocks are rendered by Expressive Code (Starlight); Astro's own Shiki pass, which needs inline styles, is off.
	markdown: { processor: satteri({ hastPlugins: [headingAnchors, scrollableTables] }), syntaxHighlight: false },
	vite: {
		build: {
			rolldownOptions: {
				// Every MDX file carries Astro's own "use astro:head-inject" directive, which the bundler reports as
				// not preserved: eight lines of noise per build that contributors can do nothing about.
				onwarn(warning, warn) {
					if (warning.code !== 'MODULE_LEVEL_DIRECTIVE' || !warning.message.includes('astro:head-inject')) warn(warning);
				},
			},
		},
	},
	integrations: [
		starlight({
			title: 'OCI 容器技术完全指南',
			description: '开放容器倡议（OCI）运行时、镜像与分发规范的中文系列指南，示例由测试在真实工具上运行。',
			locales: { root: { label: '简体中文', lang: 'zh-CN' } },
			lastUpdated: true,
			...(editUrl('') && { editLink: { baseUrl: editUrl('') } }),
			sidebar: [
				{ label: '首页', link: '/' },
				// Filled from the series data by src/routeData.ts.
				{ label: SERIES_SIDEBAR_GROUP, items: [] },
				{ label: '按标签浏览', link: '/tags/' },
			],
			customCss: ['./src/styles/custom.css'],
			// Wrapped lines: no sideways scrolling on phones, and no unlabelled scroll regions for screen readers.
			expressiveCode: { defaultProps: { wrap: true } },
			components: { PageTitle: './src/components/starlight/PageTitle.astro' },
			routeMiddleware: './src/routeData.ts',
			// Links to the custom pages (home, tags, contributors' guide) and their anchors are checked on the built site
			// by tests/site/built-site.test.ts; the plugin only knows Markdown pages.
			plugins: [starlightLinksValidator({ errorOnLocalLinks: false, exclude: ['/', '/#*', '/tags/**', '/contributing/', '/contributing/#*'] })],
		}),
		leanToc(),
		legacyRedirects(),
		cspInlineHashes(),
	],
});
