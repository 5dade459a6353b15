import { describe, expect, test } from 'vitest';
import { htmlAssets, scriptImports } from '../../src/lib/bench/assets';
import { displayWidth, formatBytes, formatRatio, formatSeconds, median, renderTable } from '../../src/lib/bench/format';
import { calibratedSlowdown, failedAudits, formatScore, medianRun, pageFigures, pageShortfalls, shortfalls, type LighthouseReport, type PageFigures } from '../../src/lib/bench/lighthouse';
import { mainThreadFigures } from '../../src/lib/bench/main-thread';
import { selectPages, sitemapPaths } from '../../src/lib/bench/pages';
import { plainStarlightFiles } from '../../src/lib/bench/plain-site';

describe('formatBytes', () => {
	test('prints small sizes in whole bytes', () => {
		expect(formatBytes(812)).toBe('812 B');
	});

	test('prints kilobytes and megabytes in decimal units with one decimal', () => {
		expect(formatBytes(12_345)).toBe('12.3 KB');
		expect(formatBytes(1_234_567)).toBe('1.2 MB');
	});
});

describe('formatSeconds', () => {
	test('prints milliseconds as seconds with one decimal', () => {
		expect(formatSeconds(4_240)).toBe('4.2 s');
	});
});

describe('formatRatio', () => {
	test('divides ours by the reference', () => {
		expect(formatRatio(108, 100)).toBe('1.08×');
	});

	test('prints a dash instead of dividing by zero', () => {
		expect(formatRatio(5, 0)).toBe('—');
	});
});

describe('median', () => {
	test('takes the middle of an odd count and the mean of the middle two of an even count', () => {
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 2])).toBe(2.5);
	});
});

describe('renderTable', () => {
	test('counts Chinese characters as two columns wide', () => {
		expect(displayWidth('首页 /')).toBe(6);
	});

	test('lines up columns under Chinese headings, numbers to the right', () => {
		const table = renderTable([{ title: '页面' }, { title: '字节', align: 'right' }], [['/', '1.2 MB'], ['/tags/', '80 B']]);
		expect(table.split('\n')).toEqual(['页面      字节', '──────  ──────', '/       1.2 MB', '/tags/    80 B']);
	});
});

/** A Lighthouse result with the given category scores (0–1) and a resource summary. */
function report(scores: Record<string, number | null>, audits: LighthouseReport['audits'] = {}): LighthouseReport {
	const refs = Object.keys(audits).map((id) => ({ id, weight: id === 'largest-contentful-paint' ? 25 : 0 }));
	return {
		categories: Object.fromEntries(Object.entries(scores).map(([id, score]) => [id, { score, auditRefs: id === 'performance' ? refs : [] }])),
		audits: {
			...audits,
			'resource-summary': {
				title: 'Resources',
				score: null,
				scoreDisplayMode: 'informative',
				details: {
					items: [
						{ resourceType: 'total', requestCount: 7, transferSize: 207_062 },
						{ resourceType: 'script', requestCount: 3, transferSize: 100_227 },
					],
				},
			},
		},
		runWarnings: [],
	};
}

const perfect = { performance: 1, accessibility: 1, 'best-practices': 1, seo: 1 };
const figures = (scores: PageFigures['scores'], tbt: number | null = 0): PageFigures => ({ scores, tbt, bytes: 0, scriptBytes: 0, requests: 0 });

describe('pageFigures', () => {
	test('reads scores as Lighthouse shows them, rounded to 0–100', () => {
		expect(pageFigures(report({ ...perfect, performance: 0.946 })).scores).toEqual({ performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 });
	});

	test('reads bytes, JavaScript bytes and requests from the resource summary', () => {
		expect(pageFigures(report(perfect))).toMatchObject({ bytes: 207_062, scriptBytes: 100_227, requests: 7 });
	});

	test('reads Total Blocking Time in whole milliseconds, or null when Lighthouse did not compute it', () => {
		const blocking = report(perfect, { 'total-blocking-time': { title: 'Total Blocking Time', score: 1, scoreDisplayMode: 'numeric', numericValue: 123.6 } });
		expect(pageFigures(blocking).tbt).toBe(124);
		expect(pageFigures(report(perfect)).tbt).toBeNull();
	});

	test('keeps a score Lighthouse could not compute as null', () => {
		expect(pageFigures(report({ ...perfect, performance: null })).scores.performance).toBeNull();
	});
});

describe('calibratedSlowdown', () => {
	test('slows a machine down to the phone: benchmarkIndex ÷ 480, to one decimal', () => {
		expect(calibratedSlowdown(1920)).toBe(4);
		expect(calibratedSlowdown(2900)).toBe(6);
		expect(calibratedSlowdown(1234)).toBe(2.6);
	});

	test('refuses a benchmarkIndex that is not a positive number', () => {
		expect(() => calibratedSlowdown(0)).toThrow('benchmarkIndex 应为正数');
		expect(() => calibratedSlowdown(Number.NaN)).toThrow('benchmarkIndex 应为正数');
	});
});

describe('medianRun', () => {
	const run = (performance: number | null, tbt: number | null = 0) => figures({ performance, accessibility: 100, 'best-practices': 100, seo: 100 }, tbt);

	test('picks the middle run by performance score', () => {
		expect(medianRun([run(99), run(93), run(97)])).toBe(2);
	});

	test('orders runs of equal performance by Total Blocking Time', () => {
		expect(medianRun([run(98, 40), run(98, 120), run(98, 300)])).toBe(1);
	});

	test('of an even number of runs, picks the worse of the two in the middle', () => {
		expect(medianRun([run(100), run(96)])).toBe(1);
		expect(medianRun([run(100), run(90), run(99), run(97)])).toBe(3);
	});

	test('ranks a score or time that was not computed worst, and takes a single run as it is', () => {
		expect(medianRun([run(96), run(null), run(null)])).toBe(1);
		expect(medianRun([run(100, null)])).toBe(0);
	});
});

describe('pageShortfalls', () => {
	const run = (performance: number, tbt: number, seo = 100) => figures({ performance, accessibility: 100, 'best-practices': 100, seo }, tbt);

	test('lets one run spike in performance or Total Blocking Time when the median run meets the bar', () => {
		expect(pageShortfalls([run(100, 20), run(93, 327), run(99, 61)], [run(100, 0), run(100, 0), run(100, 0)])).toEqual([]);
	});

	test('fails a page whose median run misses the timing bars, naming that run', () => {
		expect(pageShortfalls([run(100, 20), run(93, 327), run(94, 240)], [run(100, 0), run(94, 0), run(100, 0)])).toEqual([
			{ run: 2, setting: 'calibrated', shortfall: { category: 'performance', score: 94, bar: 95 } },
			{ run: 2, setting: 'calibrated', shortfall: { category: 'tbt', score: 240, bar: 200 } },
		]);
	});

	test('judges performance at the default settings on its own median run', () => {
		expect(pageShortfalls([run(100, 0), run(100, 0), run(100, 0)], [run(94, 0), run(93, 0), run(100, 0)])).toEqual([
			{ run: 0, setting: 'standard', shortfall: { category: 'performance', score: 94, bar: 95 } },
		]);
	});

	test('holds the other categories to the bar in every run', () => {
		expect(pageShortfalls([run(100, 0), run(100, 0, 92), run(100, 0)], [run(100, 0), run(100, 0), run(100, 0)])).toEqual([
			{ run: 1, setting: 'calibrated', shortfall: { category: 'seo', score: 92, bar: 100 } },
		]);
	});
});

describe('shortfalls', () => {
	test('a page with 95 for performance and 100 elsewhere meets the bar', () => {
		expect(shortfalls(figures({ performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 }))).toEqual([]);
	});

	test('names each category below its bar, with the score and the bar', () => {
		expect(shortfalls(figures({ performance: 94, accessibility: 100, 'best-practices': 100, seo: 92 }))).toEqual([
			{ category: 'performance', score: 94, bar: 95 },
			{ category: 'seo', score: 92, bar: 100 },
		]);
	});

	test('counts a score that was not computed as below the bar', () => {
		expect(shortfalls(figures({ performance: 100, accessibility: null, 'best-practices': 100, seo: 100 })).map((s) => s.category)).toEqual(['accessibility']);
	});

	test('names a Total Blocking Time over 200 ms, or one that was not computed', () => {
		const scores = { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 };
		expect(shortfalls(figures(scores, 200))).toEqual([]);
		expect(shortfalls(figures(scores, 201))).toEqual([{ category: 'tbt', score: 201, bar: 200 }]);
		expect(shortfalls(figures(scores, null))).toEqual([{ category: 'tbt', score: null, bar: 200 }]);
	});
});

describe('failedAudits', () => {
	test('lists the audits that did not pass, heaviest first, leaving out passed and informative ones', () => {
		const result = report(perfect, {
			'cache-insight': { title: 'Use efficient cache lifetimes', score: 0, scoreDisplayMode: 'metricSavings', displayValue: 'Est savings of 165 KiB' },
			'largest-contentful-paint': { title: 'Largest Contentful Paint', score: 0.7, scoreDisplayMode: 'numeric', displayValue: '2.9 s' },
			'first-contentful-paint': { title: 'First Contentful Paint', score: 1, scoreDisplayMode: 'numeric' },
			'network-requests': { title: 'Network Requests', score: null, scoreDisplayMode: 'informative' },
		});
		expect(failedAudits(result, 'performance')).toEqual([
			{ id: 'largest-contentful-paint', title: 'Largest Contentful Paint', weight: 25, displayValue: '2.9 s' },
			{ id: 'cache-insight', title: 'Use efficient cache lifetimes', weight: 0, displayValue: 'Est savings of 165 KiB' },
		]);
	});
});

describe('formatScore', () => {
	test('marks a score below the bar, and a missing score', () => {
		expect([formatScore('performance', 95), formatScore('seo', 92), formatScore('seo', null)]).toEqual(['95', '92 ✗', '— ✗']);
	});
});

describe('sitemapPaths', () => {
	test('reads the paths of the pages a sitemap lists', () => {
		const xml = '<urlset><url><loc>http://localhost:4321/</loc></url><url><loc>http://localhost:4321/tags/oci/</loc></url></urlset>';
		expect(sitemapPaths(xml)).toEqual(['/', '/tags/oci/']);
	});
});

describe('selectPages', () => {
	const built = ['/', '/contributing/', '/tags/', '/tags/oci/', '/oci-02-runtime-spec/'];

	test('measures the home page, the guide, the tag index and every article with a page, not tag pages', () => {
		const selection = selectPages(built, [{ id: 'oci-02-runtime-spec', status: 'published' }]);
		expect(selection.measure.map((page) => page.path)).toEqual(['/', '/contributing/', '/tags/', '/oci-02-runtime-spec/']);
	});

	test('skips a draft, saying that drafts have no page', () => {
		const selection = selectPages(built, [{ id: 'oci-05-security-guide', status: 'draft' }]);
		expect(selection.skipped).toEqual([{ id: 'oci-05-security-guide', reason: 'status: draft（编写中），不生成页面' }]);
		expect(selection.missing).toEqual([]);
	});

	test('reports an article whose status promises a page that the build lacks', () => {
		expect(selectPages(built, [{ id: 'oci-03-image-spec', status: 'review' }]).missing).toEqual([
			'oci-03-image-spec /oci-03-image-spec/：status: review 应有页面，sitemap 里却没有',
		]);
	});

	test('reports a fixed page the build lacks', () => {
		expect(selectPages(['/', '/tags/'], []).missing).toEqual(['贡献指南 /contributing/：不在 sitemap 里']);
	});
});

describe('htmlAssets', () => {
	test('lists the same-site scripts, stylesheets, icons and images a page loads, not links or other origins', () => {
		const html = `<link rel="stylesheet" href="/_astro/a.css"><link rel="shortcut icon" href="/favicon.svg"><link rel="canonical" href="/x/">
			<script type="module" src="/_astro/page.js"></script><script src="https://cdn.example/x.js"></script>
			<img src="../diagram.svg"><a href="/tags/">标签</a><img src="data:image/png;base64,AA">`;
		expect(htmlAssets(html, '/oci-02/')).toEqual(['/_astro/page.js', '/_astro/a.css', '/favicon.svg', '/diagram.svg']);
	});
});

describe('scriptImports', () => {
	test('follows static imports and re-exports relative to the script, not packages', () => {
		const code = 'import{t as e}from"./toc.js";import"./side.js";export{x}from"../chunks/y.js";import"react"';
		expect(scriptImports(code, '/_astro/page.js')).toEqual(['/_astro/toc.js', '/_astro/side.js', '/chunks/y.js']);
	});

	test('follows a dynamic import of a named chunk, but not one whose address is computed', () => {
		const code = 'let{PagefindUI:e}=await import(`./ui-core.js`);await import(`${base}pagefind/pagefind.js`);await import(n)';
		expect(scriptImports(code, '/_astro/search.js')).toEqual(['/_astro/ui-core.js']);
	});
});

describe('plainStarlightFiles', () => {
	test("makes the Markdown's first heading the page title and the rest its body, at the root in zh-CN", () => {
		const files = plainStarlightFiles('# 贡献指南\n\n感谢你。\n\n## 预览\n', { astro: '7.3.5', starlight: '0.42.4' });
		expect(files['src/content/docs/index.md']).toMatch(/^---\ntitle: "贡献指南"\n[\s\S]*---\n\n感谢你。\n\n## 预览\n$/);
		expect(files['astro.config.mjs']).toContain("root: { label: '简体中文', lang: 'zh-CN' }");
	});

	test('declares the same Astro and Starlight as this project', () => {
		const files = plainStarlightFiles('# 页面\n', { astro: '7.3.5', starlight: '0.42.4' });
		expect(JSON.parse(files['package.json']!).dependencies).toEqual({ '@astrojs/starlight': '0.42.4', astro: '7.3.5' });
	});
});

describe('mainThreadFigures', () => {
	const metrics = [
		{ name: 'Nodes', value: 3200 },
		{ name: 'TaskDuration', value: 0.1834 },
		{ name: 'RecalcStyleDuration', value: 0.0213 },
		{ name: 'LayoutDuration', value: 0.0339 },
		{ name: 'ScriptDuration', value: 0.0121 },
	];

	test('reads all tasks, style, layout and script, in whole milliseconds', () => {
		expect(mainThreadFigures(metrics)).toEqual({ tasks: 183, style: 21, layout: 34, script: 12 });
	});

	test('says which metric is missing instead of printing a zero', () => {
		expect(() => mainThreadFigures(metrics.filter((metric) => metric.name !== 'LayoutDuration'))).toThrow('没有 LayoutDuration');
	});
});
