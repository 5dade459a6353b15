/**
 * Build benchmark: times `astro build` (wall clock) and prints what it wrote: dist/ in total, the Pagefind index,
 * the number of pages, and the bytes of each measured page (its HTML plus the CSS, JavaScript, icons and images it
 * loads when it opens, the search UI included; the search index, fetched only when a reader searches, is not).
 * Then opens each page in Debian's Chromium at a phone's size, unthrottled, and prints its elements and the main-thread
 * time the load took (all tasks, and style, layout and script among them; the median of three loads): the figures a
 * long page must keep small to stay fast on a phone.
 * Fails only if a build fails or a page cannot be opened.
 *
 * Usage: node scripts/bench-build.ts [--runs N]   (N builds, 3 by default; sizes are read after the last one)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { htmlAssets, scriptImports } from '../src/lib/bench/assets.ts';
import { formatBytes, formatSeconds, median, renderTable } from '../src/lib/bench/format.ts';
import { mainThreadFigures } from '../src/lib/bench/main-thread.ts';
import type { MainThreadFigures } from '../src/lib/bench/main-thread.ts';
import { selectPages, sitemapPaths } from '../src/lib/bench/pages.ts';
import { readArticles } from '../tests/support/content.ts';
import { launch } from '../tests/e2e/support.ts';
import { astroBuild, root } from '../tests/support/project.ts';
import { serve } from '../tests/support/serve.ts';

const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs 应为正整数，收到 ${options.runs}`);

const times: number[] = [];
let dist = '';
for (let run = 1; run <= runs; run++) {
	console.log(`▶ astro build（第 ${run}/${runs} 次）`);
	const started = performance.now();
	const result = await astroBuild(root);
	times.push(performance.now() - started);
	if (result.code !== 0) {
		console.error(`\n✗ 第 ${run} 次构建失败（退出码 ${result.code}）：\n${result.output}`);
		process.exit(1);
	}
	dist = result.dist;
}

const files = listFiles(dist);
const sizeOf = (paths: Iterable<string>) => [...paths].reduce((sum, path) => sum + statSync(path).size, 0);
const under = (folder: string) => files.filter((file) => file.startsWith(join(dist, folder) + sep));
const pagefind = under('pagefind');
// The index proper (what grows with the content) versus Pagefind's own code (UI, worker, WebAssembly).
const pagefindIndex = pagefind.filter((file) => /\.pf_(?:fragment|index|filter|meta)$/.test(file) || file.endsWith('pagefind-entry.json'));
const htmlPages = files.filter((file) => extname(file) === '.html' && relative(dist, file) !== '404.html');

console.log(`\n构建用时（墙钟，${runs} 次）\n`);
console.log(renderTable([{ title: '次' }, { title: '用时', align: 'right' }], [...times.map((time, i) => [String(i + 1), formatSeconds(time)]), ['中位数', formatSeconds(median(times))]]));

console.log('\n构建输出\n');
console.log(
	renderTable(
		[{ title: '项目' }, { title: '大小', align: 'right' }, { title: '文件数', align: 'right' }],
		[
			['dist/ 总计', formatBytes(sizeOf(files)), String(files.length)],
			['Pagefind 索引（片段、索引、筛选、元数据）', formatBytes(sizeOf(pagefindIndex)), String(pagefindIndex.length)],
			['Pagefind 程序（界面、worker、WebAssembly）', formatBytes(sizeOf(pagefind) - sizeOf(pagefindIndex)), String(pagefind.length - pagefindIndex.length)],
			['HTML 页面（不含 404）', formatBytes(sizeOf(htmlPages)), String(htmlPages.length)],
			['_astro/ 资源', formatBytes(sizeOf(under('_astro'))), String(under('_astro').length)],
		],
	),
);

const selection = selectPages(sitemapPaths(readFileSync(join(dist, 'sitemap-0.xml'), 'utf8')), readArticles(root));
console.log('\n每页字节（HTML + 打开页面时加载的 CSS、JS、图标与图片，含搜索界面；不含读者搜索时才下载的索引；未压缩）\n');
console.log(
	renderTable(
		[{ title: '页面' }, { title: '路径' }, { title: 'HTML', align: 'right' }, { title: 'CSS', align: 'right' }, { title: 'JS', align: 'right' }, { title: '其他', align: 'right' }, { title: '合计', align: 'right' }],
		selection.measure.map(({ label, path }) => {
			const html = join(dist, path, 'index.html');
			const assets = pageAssets(path).map((asset) => join(dist, asset));
			const of = (extensions: string[]) => sizeOf(assets.filter((file) => extensions.includes(extname(file))));
			const css = of(['.css']);
			const js = of(['.js', '.mjs']);
			const all = sizeOf(assets);
			const htmlBytes = statSync(html).size;
			return [label, path, formatBytes(htmlBytes), formatBytes(css), formatBytes(js), formatBytes(all - css - js), formatBytes(htmlBytes + all)];
		}),
	),
);
for (const { id, reason } of selection.skipped) console.log(`  未测量 ${id}：${reason}`);
for (const problem of selection.missing) console.log(`  ! 缺少页面：${problem}`);

/** Loads per page for the main-thread figures; the median of each figure is printed. */
const LOADS = 3;
console.log(`\n打开每页的开销（Chromium，412 × 823 的手机窗口，不节流；${LOADS} 次取中位数；主线程时间单位 ms）\n`);
const site = await serve(dist);
const browser = await launch();
try {
	const rows: string[][] = [];
	for (const { label, path } of selection.measure) {
		const loads: (MainThreadFigures & { elements: number })[] = [];
		for (let load = 0; load < LOADS; load++) {
			// A fresh context per load: nothing cached, as for a reader who opens the page for the first time.
			const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true });
			const page = await context.newPage();
			const devtools = await context.newCDPSession(page);
			await devtools.send('Performance.enable');
			await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
			// Let the work the page schedules for when it is idle (search UI, table of contents) run and be counted.
			await page.evaluate(() => new Promise((done) => requestIdleCallback(() => setTimeout(done, 500))));
			const { metrics } = await devtools.send('Performance.getMetrics');
			loads.push({ ...mainThreadFigures(metrics), elements: await page.evaluate(() => document.getElementsByTagName('*').length) });
			await context.close();
		}
		const middle = (key: keyof (typeof loads)[number]) => String(Math.round(median(loads.map((figures) => figures[key]))));
		rows.push([label, path, middle('elements'), middle('tasks'), middle('style'), middle('layout'), middle('script')]);
	}
	console.log(
		renderTable(
			[
				{ title: '页面' },
				{ title: '路径' },
				{ title: '元素', align: 'right' },
				{ title: '主线程', align: 'right' },
				{ title: '样式', align: 'right' },
				{ title: '布局', align: 'right' },
				{ title: '脚本', align: 'right' },
			],
			rows,
		),
	);
} finally {
	await browser.close();
	await site.close();
}

/** Every file under a folder, as absolute paths. */
function listFiles(folder: string): string[] {
	return readdirSync(folder, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => join(entry.parentPath, entry.name));
}

/** The site paths of the files a page loads when it opens: what its HTML references, and the modules those scripts import. */
function pageAssets(pagePath: string): string[] {
	const found = new Set<string>();
	const queue = htmlAssets(readFileSync(join(dist, pagePath, 'index.html'), 'utf8'), pagePath);
	while (queue.length > 0) {
		const asset = queue.shift()!;
		if (found.has(asset)) continue;
		const file = join(dist, asset);
		if (!files.includes(file)) throw new Error(`${pagePath} 引用了 ${asset}，dist 里没有这个文件`);
		found.add(asset);
		if (/\.m?js$/.test(asset)) queue.push(...scriptImports(readFileSync(file, 'utf8'), asset));
	}
	return [...found];
}
