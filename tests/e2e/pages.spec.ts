import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { sitemapPaths } from '../support/pages';
import { launch, watchErrors } from './support';

/** WCAG 2.2 A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

describe.each(inject('sites'))('every page of the built $name site', ({ url, dist }) => {
	const paths = sitemapPaths(dist);

	test.each(['light', 'dark'] as const)('loads without errors, CSP violations or other origins, and passes axe in %s mode', async (colorScheme) => {
		const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
		const page = await context.newPage();
		const errors = watchErrors(page);
		const foreign: string[] = [];
		page.on('request', (request) => {
			if (!request.url().startsWith(url) && !request.url().startsWith('data:')) foreign.push(request.url());
		});
		await page.addInitScript(() => {
			document.addEventListener('securitypolicyviolation', (event) => {
				console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
			});
		});
		const failures: string[] = [];
		for (const path of paths) {
			const response = await page.goto(`${url}${path}`, { waitUntil: 'networkidle' });
			if (path === '/404/') {
				// The 404 page is served with status 404, which Chromium reports once on the console.
				expect(response?.status()).toBe(404);
				errors.splice(errors.indexOf('console: Failed to load resource: the server responded with a status of 404 (Not Found)'), 1);
			}
			const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
			for (const violation of violations) {
				failures.push(`${path}：${violation.id}（${violation.help}）${violation.nodes.map((node) => node.target.join(' ')).join('；')}`);
			}
			failures.push(...errors.splice(0).map((error) => `${path}：${error}`));
		}
		await context.close();
		expect(failures).toEqual([]);
		expect(foreign).toEqual([]);
	});
});
