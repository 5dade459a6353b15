import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse, type HTMLElement } from 'node-html-parser';
import { describe, expect, inject, test } from 'vitest';
import { AUDIENCES, STATUSES, TAGS, SERIES_LENGTH } from '../../src/lib/vocabulary';
import { readArticles } from '../support/content';
import { FIXTURE_COMMIT_DATE, FIXTURE_REPOSITORY } from '../support/fixture-site';
import { sitemapPaths } from '../support/pages';

/** The built page at a site path such as `/oci-02-runtime-spec/`, parsed; undefined when it was not built. */
function page(dist: string, path: string): HTMLElement | undefined {
	const file = join(dist, path, 'index.html');
	return existsSync(file) ? parse(readFileSync(file, 'utf8')) : undefined;
}

/** Every page URL and every piece of text in the Pagefind index. */
function searchIndex(dist: string): { urls: string[]; text: string } {
	const dir = join(dist, 'pagefind/fragment');
	const fragments = readdirSync(dir).map((file) => {
		const json = gunzipSync(readFileSync(join(dir, file))).toString('utf8').replace(/^pagefind_dcd/, '');
		return JSON.parse(json) as { url: string; content: string };
	});
	return { urls: fragments.map((f) => f.url), text: fragments.map((f) => f.content.replace(/\u200b/g, '')).join('\n') };
}

const label = (status: string) => STATUSES[status as keyof typeof STATUSES].label;

describe.each(inject('sites'))('the built $name site', ({ name, dir, dist }) => {
	const articles = readArticles(dir);
	const home = page(dist, '/')!;
	const built = articles.filter((article) => STATUSES[article.status as keyof typeof STATUSES].hasPage);

	test(`the home page lists all ${SERIES_LENGTH} articles in series order with their audiences and statuses`, () => {
		const cards = home.querySelectorAll('[data-article]').filter((el) => el.tagName === 'ARTICLE');
		expect(cards.map((card) => card.getAttribute('data-article'))).toEqual(articles.map((a) => a.id));
		cards.forEach((card, index) => {
			const article = articles[index]!;
			expect(card.querySelector('h3')!.text.trim()).toBe(article.title);
			const audiences = card.querySelectorAll('[data-audience]').map((badge) => badge.text.trim());
			expect(audiences).toEqual(article.audience.map((id) => AUDIENCES[id as keyof typeof AUDIENCES]));
			expect(card.querySelector('[data-status]')!.text.trim()).toBe(label(article.status));
		});
	});

	test('an article has a page and a home page link exactly when its status is not draft', () => {
		for (const article of articles) {
			const hasPage = article.status !== 'draft';
			expect(page(dist, `/${article.id}/`) !== undefined, article.id).toBe(hasPage);
			const card = home.querySelector(`article[data-article="${article.id}"]`)!;
			expect(card.querySelector('h3 a')?.getAttribute('href'), article.id).toBe(hasPage ? `/${article.id}/` : undefined);
		}
	});

	test('every learning-path step links to a page that exists, and drafts are named without a link', () => {
		const steps = home.querySelectorAll('#learning-paths ~ * li[data-article], .paths li[data-article]');
		expect(steps.length).toBeGreaterThanOrEqual(5 * 2);
		for (const step of steps) {
			const link = step.querySelector('a');
			const article = articles.find((a) => a.id === step.getAttribute('data-article'))!;
			if (link) expect(page(dist, link.getAttribute('href')!), link.getAttribute('href')).toBeDefined();
			else expect(step.text).toContain(`（${label(article.status)}）`);
		}
	});

	test('the search index holds no draft and no page furniture', () => {
		const index = searchIndex(dist);
		for (const article of articles.filter((a) => a.status === 'draft')) {
			expect(index.urls).not.toContain(`/${article.id}/`);
			expect(index.text, `草稿的标题出现在搜索索引里：${article.title}`).not.toContain(article.title);
		}
		expect(index.urls.filter((url) => url.startsWith('/tags/'))).toEqual([]);
		expect(index.text).not.toContain('核对规范版本');
		expect(index.text).not.toContain('蝴蝶兰');
	});

	test('the search index was built by the pinned Pagefind release, in Chinese', () => {
		const entry = JSON.parse(readFileSync(join(dist, 'pagefind/pagefind-entry.json'), 'utf8')) as { version: string; languages: Record<string, unknown> };
		const pinned = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.pagefind;
		expect(entry.version).toBe(pinned);
		expect(Object.keys(entry.languages)).toEqual(['zh-cn']);
	});

	test('old VuePress addresses of every article are redirected', () => {
		const redirects = readFileSync(join(dist, '_redirects'), 'utf8');
		for (const article of articles) {
			const target = built.includes(article) ? `/${article.id}/ 301` : '/#series 302';
			expect(redirects).toContain(`/${article.id}.html ${target}`);
			expect(redirects).toContain(`/${article.id}.md ${target}`);
		}
	});

	test('every internal link and its #fragment lead somewhere that exists', () => {
		const broken: string[] = [];
		const ids = new Map<string, Set<string>>();
		const idsOf = (path: string) => {
			if (!ids.has(path)) ids.set(path, new Set(page(dist, path)?.querySelectorAll('[id]').map((el) => el.id) ?? []));
			return ids.get(path)!;
		};
		for (const path of sitemapPaths(dist).filter((p) => p !== '/404/')) {
			for (const link of page(dist, path)!.querySelectorAll('a[href]')) {
				const href = link.getAttribute('href')!;
				if (/^[a-z]+:/i.test(href) || href.startsWith('//')) continue;
				const target = new URL(href, `http://site${path}`);
				const targetPath = decodeURIComponent(target.pathname);
				const exists = page(dist, targetPath) !== undefined || existsSync(join(dist, targetPath));
				const fragment = decodeURIComponent(target.hash.slice(1));
				if (!exists) broken.push(`${path} → ${href}（页面不存在）`);
				else if (fragment && fragment !== '_top' && !idsOf(targetPath).has(fragment)) broken.push(`${path} → ${href}（没有 id 为 ${fragment} 的元素）`);
			}
		}
		expect(broken).toEqual([]);
	});

	test('there is a page for every tag', () => {
		for (const tag of Object.keys(TAGS)) expect(page(dist, `/tags/${tag}/`), tag).toBeDefined();
	});

	test.runIf(built.length > 0)('article pages show their place, audience, status, checked releases and neighbours', () => {
		built.forEach((article, index) => {
			const html = page(dist, `/${article.id}/`)!;
			const meta = html.querySelector('.article-meta')!;
			expect(meta.text).toContain(`第 ${article.series.order} 篇 / 共 ${SERIES_LENGTH} 篇`);
			expect(meta.querySelectorAll('[data-audience]').map((b) => b.getAttribute('data-audience'))).toEqual(article.audience);
			expect(meta.querySelector('[data-status]')!.text.trim()).toBe(label(article.status));
			const specLinks = meta.querySelectorAll('.specs a').map((a) => a.getAttribute('href'));
			expect(specLinks).toEqual(Object.entries(article.specs).map(([, tag]) => expect.stringContaining(`/blob/${tag}/`)));
			const prev = html.querySelector('.pagination-links a[rel="prev"]')?.getAttribute('href');
			const next = html.querySelector('.pagination-links a[rel="next"]')?.getAttribute('href');
			expect(prev).toBe(index > 0 ? `/${built[index - 1]!.id}/` : undefined);
			expect(next).toBe(index < built.length - 1 ? `/${built[index + 1]!.id}/` : undefined);
		});
	});

	test.runIf(built.length > 0)('every heading of an article has a stable ASCII anchor', () => {
		for (const article of built) {
			const headings = page(dist, `/${article.id}/`)!.querySelectorAll('.sl-markdown-content h2, .sl-markdown-content h3, .sl-markdown-content h4');
			expect(headings.length, `${article.id} 没有任何小标题`).toBeGreaterThan(0);
			for (const heading of headings) expect(heading.id, `${article.id}：${heading.text}`).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
		}
	});

	test.runIf(built.length > 0)('every diagram has a caption and a text description, and every image a text alternative', () => {
		let diagrams = 0;
		for (const article of built) {
			const content = page(dist, `/${article.id}/`)!.querySelector('.sl-markdown-content')!;
			for (const figure of content.querySelectorAll('figure.diagram')) {
				diagrams++;
				expect(figure.querySelector('figcaption')?.text.trim(), article.id).not.toBe('');
				const described = figure.querySelector('[aria-describedby]')?.getAttribute('aria-describedby');
				expect(content.querySelector(`[id="${described}"]`)?.text.trim(), `${article.id} 的图示缺少文字说明`).toBeTruthy();
			}
			for (const image of content.querySelectorAll('img')) expect(image.getAttribute('alt')?.trim(), `${article.id}：${image.getAttribute('src')}`).toBeTruthy();
		}
		if (name === 'fixture') expect(diagrams).toBeGreaterThan(0);
	});

	test.runIf(built.length > 0)('every table of an article sits in a focusable region named by its heading and columns', () => {
		let tables = 0;
		for (const article of built) {
			for (const table of page(dist, `/${article.id}/`)!.querySelectorAll('.sl-markdown-content table')) {
				if (table.closest('.not-content, figure')) continue;
				tables++;
				const region = table.parentNode!;
				expect(region.classList.contains('table-scroll'), `${article.id} 有表格没有包在可滚动区域里`).toBe(true);
				expect(region.getAttribute('tabindex')).toBe('0');
				expect(region.getAttribute('role')).toBe('region');
				expect(region.getAttribute('aria-label'), article.id).toMatch(/中的表格：\S|^本系列的/);
			}
		}
		if (name === 'real') expect(tables).toBeGreaterThan(0);
	});

	test.runIf(built.length > 0)('the sidebar lists the built articles in series order', () => {
		const html = page(dist, `/${built[0]!.id}/`)!;
		const links = html.querySelectorAll('nav.sidebar a').map((a) => a.getAttribute('href'));
		const articleLinks = links.filter((href) => built.some((a) => href === `/${a.id}/`));
		expect(articleLinks).toEqual(built.map((a) => `/${a.id}/`));
	});

	test.runIf(name === 'fixture')('an article checked against an older release says it needs an update', () => {
		const outdated = articles.find((a) => a.specs.distribution === 'v1.0.1')!;
		expect(home.querySelector(`article[data-article="${outdated.id}"] [data-needs-update]`)?.text).toBe('待更新');
		expect(page(dist, `/${outdated.id}/`)!.querySelector('.sl-banner')?.text).toContain('待更新');
	});

	test.runIf(name === 'fixture')('every article page shows when its file last changed in git', () => {
		for (const article of built) {
			const time = page(dist, `/${article.id}/`)!.querySelector('footer time')?.getAttribute('datetime');
			expect(time, article.id).toBe(new Date(FIXTURE_COMMIT_DATE).toISOString());
		}
	});

	test.runIf(name === 'fixture')('every article page links to its source file for editing', () => {
		for (const article of built) {
			const edit = page(dist, `/${article.id}/`)!.querySelector('a[href*="/edit/"]')?.getAttribute('href');
			expect(edit).toBe(`${FIXTURE_REPOSITORY}/edit/main/src/content/docs/${article.id}.mdx`);
		}
	});
});

describe.each(inject('sites'))('hashed files of the $name build', ({ dist }) => {
	test('every file under a path netlify.toml caches as immutable has a content hash in its name', () => {
		const immutable = ['_astro', 'pagefind/fragment', 'pagefind/index', 'pagefind/filter'];
		for (const folder of immutable.filter((path) => existsSync(join(dist, path)))) {
			for (const file of readdirSync(join(dist, folder))) expect(file, `${folder}/${file}`).toMatch(/[._-][A-Za-z0-9_-]{5,}\.[a-z_]+$/);
		}
	});
});
