import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { AUDIENCES } from '../../src/lib/vocabulary';
import { DRAFT_ONLY_WORD, FIXTURE_LAB } from '../support/fixture-site';
import { launch, watchErrors } from './support';

const fixture = inject('sites').find((site) => site.name === 'fixture')!;
const real = inject('sites').find((site) => site.name === 'real')!;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});
beforeEach(async () => {
	page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	page.setDefaultTimeout(10_000);
	errors = watchErrors(page);
	return async () => {
		await page.close();
		expect(errors).toEqual([]);
	};
});

/** Waits until the search dialog shows, fully loaded, as many results as its message announces; returns their paths. */
async function results(): Promise<string[]> {
	await page.waitForFunction(() => {
		const message = document.querySelector('.pagefind-ui__message')?.textContent ?? '';
		const announced = Number(/\d+/.exec(message)?.[0] ?? 0);
		const shown = [...document.querySelectorAll('.pagefind-ui__result')];
		const loaded = shown.every((result) => result.querySelector('a.pagefind-ui__result-link'));
		return message !== '' && !message.startsWith('正在搜索') && loaded && shown.length === Math.min(announced, 5);
	});
	return page
		.locator('.pagefind-ui__result')
		.evaluateAll((results) => results.map((result) => new URL(result.querySelector('a')!.href).pathname));
}

/** Opens the search dialog from the header, types a query and returns the result paths. */
async function search(query: string): Promise<string[]> {
	await page.getByRole('button', { name: '搜索' }).click();
	await page.locator('#starlight__search .pagefind-ui__search-input').fill(query);
	return results();
}

describe('a reader', () => {
	test('follows a learning path from the home page to an article and on to the next one', async () => {
		await page.goto(`${fixture.url}/`);
		const developer = page.locator('#path-developer');
		await developer.getByRole('link', { name: 'Runtime 规范' }).click();
		await page.waitForURL('**/oci-02-runtime-spec/');
		await expect(page.locator('h1').textContent()).resolves.toBe('OCI Runtime 规范详解 - Linux 容器配置完全指南');
		await expect(page.locator('.article-meta').textContent()).resolves.toContain('第 2 篇 / 共 8 篇');
		await page.locator('.pagination-links a[rel="next"]').click();
		await page.waitForURL('**/oci-03-image-spec/');
	});

	test('searches in Chinese through the search dialog and lands on the right page', async () => {
		await page.goto(`${fixture.url}/`);
		const results = await search('命名空间');
		expect(results[0]).toBe('/oci-02-runtime-spec/');
		await page.locator('.pagefind-ui__result a').first().click();
		await page.waitForURL('**/oci-02-runtime-spec/**');
		await expect(page.locator('h1').textContent()).resolves.toContain('OCI Runtime 规范详解');
	});

	test('finds the published articles of the real site by Chinese words from their bodies', async () => {
		await page.goto(`${real.url}/`);
		const queries: [string, string][] = [
			['内容寻址', '/oci-01-intro-guide/'],
			['高层运行时', '/oci-01-intro-guide/'],
			['技术监督委员会', '/oci-01-intro-guide/'],
			['屏蔽路径', '/oci-02-runtime-spec/'],
			['设备白名单', '/oci-02-runtime-spec/'],
			['ID 映射挂载', '/oci-02-runtime-spec/'],
			['不透明', '/oci-03-image-spec/'],
			['可复现', '/oci-03-image-spec/'],
			['多平台', '/oci-03-image-spec/'],
		];
		for (const [query, article] of queries) {
			expect(await search(query), `搜索「${query}」`).toContain(article);
			await page.keyboard.press('Escape');
		}
	});

	test('narrows search results by audience with the Chinese filter', async () => {
		await page.goto(`${fixture.url}/`);
		const all = await search('测试夹具');
		expect(all).toEqual(expect.arrayContaining(['/oci-02-runtime-spec/', '/oci-03-image-spec/', '/oci-04-distribution-spec/']));
		await page.locator('.pagefind-ui__filter-name', { hasText: '适合人群' }).click();
		await page.getByLabel(AUDIENCES.sysadmin).check();
		await page.locator('.pagefind-ui__message', { hasText: '找到 1 个' }).waitFor();
		expect(await results()).toEqual(['/oci-02-runtime-spec/']);
	});

	test('uses the site by keyboard alone: skip link, search shortcut, and the series in the sidebar', async () => {
		await page.goto(`${fixture.url}/oci-02-runtime-spec/`);
		await page.keyboard.press('Tab');
		await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('跳转到内容');
		await page.keyboard.press('Enter');
		await page.waitForURL('**/oci-02-runtime-spec/#_top');

		// Pagefind's UI loads once the page is idle (requestIdleCallback); the shortcut then focuses its search field.
		// With the labs running alongside on a busy machine, the first idle period once came later than 30 s.
		await page.locator('#starlight__search .pagefind-ui__search-input').waitFor({ state: 'attached', timeout: 75_000 });
		await page.keyboard.press('Control+k');
		await page.waitForFunction(() => document.activeElement?.classList.contains('pagefind-ui__search-input'));
		await page.keyboard.type('注册表');
		await page.locator('.pagefind-ui__result a').first().waitFor();
		await page.keyboard.press('Escape');
		await expect(page.locator('dialog[aria-label="搜索"]').evaluate((dialog) => (dialog as HTMLDialogElement).open)).resolves.toBe(false);

		const reached: string[] = [];
		for (let i = 0; i < 40 && !reached.includes('/oci-04-distribution-spec/'); i++) {
			await page.keyboard.press('Tab');
			const href = await page.evaluate(() => document.activeElement?.closest('nav.sidebar') && document.activeElement.getAttribute('href'));
			if (href) reached.push(href);
		}
		expect(reached).toEqual(expect.arrayContaining(['/oci-02-runtime-spec/', '/oci-03-image-spec/', '/oci-04-distribution-spec/']));
	}, 120_000);

	test('reads a long article, and the table of contents marks the section on screen, on a desktop and on a phone', async () => {
		const current = (toc: string) => page.locator(`${toc} a[aria-current="true"]`).getAttribute('href');
		/** The first heading in the table of contents after entry `after` whose section is longer than a screen, and the one before it. */
		const longSection = (after: number) =>
			page.locator('starlight-toc a').evaluateAll((links, after) => {
				const ids = links.map((link) => decodeURIComponent((link as HTMLAnchorElement).hash.slice(1)));
				const top = (id: string) => document.getElementById(id)!.getBoundingClientRect().top;
				const index = ids.findIndex((id, i) => i > after && i + 1 < ids.length && top(ids[i + 1]!) - top(id) > window.innerHeight);
				return { id: ids[index]!, previous: ids[index - 1]!, index };
			}, after);
		await page.goto(`${real.url}/oci-02-runtime-spec/`);
		await expect.poll(() => current('starlight-toc')).toBe('#_top');

		const first = await longSection(1);
		await page.locator(`[id="${first.id}"]`).evaluate((heading) => heading.scrollIntoView());
		await expect.poll(() => current('starlight-toc')).toBe(`#${first.id}`);
		// With the heading lower down the screen, the reader is still in the section before it.
		await page.locator(`[id="${first.id}"]`).evaluate((heading) => window.scrollBy(0, heading.getBoundingClientRect().top - 400));
		await expect.poll(() => current('starlight-toc')).toBe(`#${first.previous}`);

		await page.setViewportSize({ width: 375, height: 800 });
		const second = await longSection(first.index);
		await page.locator(`[id="${second.id}"]`).evaluate((heading) => heading.scrollIntoView());
		await expect.poll(() => current('mobile-starlight-toc')).toBe(`#${second.id}`);
		await expect(page.locator('mobile-starlight-toc .display-current').textContent()).resolves.toBe(await page.locator(`[id="${second.id}"]`).textContent());
	});

	test('copies a lab’s script with one click, and hears that it was copied', async () => {
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: fixture.url });
		await page.goto(`${fixture.url}/oci-02-runtime-spec/`);
		const lab = page.locator('figure.lab').first();
		await lab.getByRole('button', { name: '复制脚本' }).click();
		await expect.poll(() => lab.locator('[aria-live="polite"]').textContent()).toBe('已复制脚本');
		const script = readFileSync(join(fixture.dir, 'src/content/docs', `${FIXTURE_LAB}.lab.sh`), 'utf8');
		await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(script);
	});

	test('prints a long article whole: the blocks laid out lazily on screen are all laid out on paper', async () => {
		await page.goto(`${real.url}/oci-02-runtime-spec/`);
		const lazy = '.sl-markdown-content :is(.expressive-code, .table-scroll, .diagram, .lab)';
		const visibility = async () => new Set(await page.locator(lazy).evaluateAll((blocks) => blocks.map((block) => getComputedStyle(block).contentVisibility)));
		await expect(visibility()).resolves.toEqual(new Set(['auto']));
		await page.emulateMedia({ media: 'print' });
		await expect(visibility()).resolves.toEqual(new Set(['visible']));
	});

	test('never finds a draft', async () => {
		await page.goto(`${fixture.url}/`);
		expect(await search(DRAFT_ONLY_WORD)).toEqual([]);
	});
});
