/**
 * Build benchmark: times `astro build` (wall clock) and prints what it wrote: dist/ in total, the Pagefind index,
 * the number of pages, and the bytes of each measured page (its HTML plus the CSS, JavaScript, icons and images it
 * loads when it opens, the search UI included; the search index, fetched only when a reader searches, is not).
 * Fails only if a build fails.
 *
 * Usage: node scripts/bench-build.ts [--runs N]   (N builds, 3 by default; sizes are read after the last one)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { htmlAssets, scriptImports } from '../src/lib/bench/assets.ts';
import { formatBytes, formatSeconds, median, renderTable } from '../src/lib/bench/format.ts';
import { selectPages, sitemapPaths } from '../src/lib/bench/pages.ts';
import { readArticles } from '../tests/support/content.ts';
import { astroBuild, root } from '../tests/support/project.ts';

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
