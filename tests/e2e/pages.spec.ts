import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { sitemapPaths } from '../support/pages';
import { launch, watchErrors } from './support';

/** WCAG 2.2 A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/** The colour schemes and window widths every page is checked in. */
const MODES = [
	['light', 1280],
	['dark', 1280],
	['light', 375],
] as const;

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

// One test per page (and per mode), so that a test's time does not grow with the number of articles.
describe.each(inject('sites'))('the built $name site', ({ url, dist }) => {
	const paths = sitemapPaths(dist);

	test.each(paths.filter((path) => path !== '/404/'))('enforces its Content Security Policy on %s: a script injected into the page does not run', async (path) => {
		const page = await browser.newPage();
		const violations: string[] = [];
		await page.exposeFunction('reportViolation', (directive: string) => violations.push(directive));
		await page.addInitScript(() => {
			document.addEventListener('securitypolicyviolation', (event) => (window as unknown as { reportViolation: (d: string) => void }).reportViolation(event.effectiveDirective));
		});
		await page.goto(`${url}${path}`);
		violations.length = 0;
		const ran = await page.evaluate(async () => {
			const script = document.createElement('script');
			script.textContent = 'window.injected = true';
			document.body.append(script);
			await new Promise((resolve) => setTimeout(resolve, 50));
			return (window as unknown as { injected?: boolean }).injected === true;
		});
		expect(ran, `${path}：注入的内联脚本竟然运行了`).toBe(false);
		await expect.poll(() => violations, { timeout: 2_000 }).toContain('script-src-elem');
		await page.close();
	});

	describe.each(MODES)('in %s mode at %i px wide', (colorScheme, width) => {
		test.each(paths)('%s loads without errors, CSP violations or other origins, fits the window, and passes axe', async (path) => {
			const context = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
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
			const response = await page.goto(`${url}${path}`, { waitUntil: 'networkidle' });
			if (path === '/404/') {
				// The 404 page is served with status 404, which Chromium reports once on the console.
				expect(response?.status()).toBe(404);
				const expected = errors.indexOf('console: Failed to load resource: the server responded with a status of 404 (Not Found)');
				expect(expected, '404 页面应当以 404 状态返回').not.toBe(-1);
				errors.splice(expected, 1);
			}
			// Blocks below the fold are laid out only near the viewport (content-visibility); lay out all of them, so that
			// the width check and axe see the whole page as a reader who scrolls through it does.
			await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
			const failures: string[] = [];
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			if (overflow > 0) failures.push(`${path}：页面比 ${width} px 的窗口宽 ${overflow} px，要横向滚动整页`);
			const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
			for (const violation of violations) {
				failures.push(`${path}：${violation.id}（${violation.help}）${violation.nodes.map((node) => node.target.join(' ')).join('；')}`);
			}
			failures.push(...errors.map((error) => `${path}：${error}`));
			await context.close();
			expect(failures).toEqual([]);
			expect(foreign).toEqual([]);
		});
	});
});
