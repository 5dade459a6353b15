/**
 * Lighthouse benchmark: builds the site and a plain Starlight site with the same toolchain, serves both on
 * 127.0.0.1, and runs Lighthouse (mobile, simulated throttling) in Debian's Chromium over the home page, the
 * contributors' guide, the tag index, every article that has a page, and the article pages of the test fixture
 * build (so the article template is held to the bar before real articles go live). Prints each page's scores, bytes and
 * requests, and its bytes and JavaScript bytes as a ratio of the plain Starlight page's.
 *
 * Exits non-zero when a page scores below the bar (performance 95, the other categories 100), naming the page, the
 * category and the audits that did not pass.
 *
 * Usage: node scripts/bench-lighthouse.ts [--runs N]   (N runs per page, keeping the one with the median performance score)
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { formatBytes, formatRatio, formatSeconds, renderTable } from '../src/lib/bench/format.ts';
import { CATEGORIES, CATEGORY_IDS, failedAudits, formatScore, medianRun, pageFigures, shortfalls } from '../src/lib/bench/lighthouse.ts';
import type { PageFigures } from '../src/lib/bench/lighthouse.ts';
import { selectPages, sitemapPaths } from '../src/lib/bench/pages.ts';
import { plainStarlightFiles } from '../src/lib/bench/plain-site.ts';
import { readArticles } from '../tests/support/content.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/support/chromium.ts';
import { FIXTURE_ARTICLES, buildFixtureSite } from '../tests/support/fixture-site.ts';
import { astroBuild, root } from '../tests/support/project.ts';
import { serve } from '../tests/support/serve.ts';

/** A full Lighthouse result (`LH.Result`). */
type Report = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '1' } } });
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs 应为正整数，收到 ${options.runs}`);

const started = Date.now();
const cleanups: (() => Promise<unknown>)[] = [];
let failed = false;

try {
	console.log('▶ 构建站点（astro build）');
	const site = await astroBuild(root);
	if (site.code !== 0) throw new Error(`站点构建失败：\n${site.output}`);

	console.log('▶ 构建对照用的纯 Starlight 站点（同一套 astro 与 Starlight）');
	await mkdir(join(root, '.test-builds'), { recursive: true });
	const plainDir = await mkdtemp(join(root, '.test-builds', 'plain-starlight-'));
	cleanups.push(() => rm(plainDir, { recursive: true, force: true }));
	const { dependencies } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
	const versions = { astro: dependencies['astro']!, starlight: dependencies['@astrojs/starlight']! };
	for (const [path, text] of Object.entries(plainStarlightFiles(await readFile(join(root, 'CONTRIBUTING.md'), 'utf8'), versions))) {
		await mkdir(dirname(join(plainDir, path)), { recursive: true });
		await writeFile(join(plainDir, path), text);
	}
	const plain = await astroBuild(plainDir);
	if (plain.code !== 0) throw new Error(`纯 Starlight 站点构建失败：\n${plain.output}`);

	const selection = selectPages(sitemapPaths(await readFile(join(site.dist, 'sitemap-0.xml'), 'utf8')), readArticles(root));
	const [ours, reference] = await Promise.all([serve(site.dist), serve(plain.dist)]);
	cleanups.push(ours.close, reference.close);
	const chrome = await launchChromium();
	cleanups.push(chrome.close);

	const results: { label: string; path: string; report: Report; figures: PageFigures; performances: (number | null)[] }[] = [];
	const measure = async (label: string, url: string, path: string) => {
		console.log(`▶ Lighthouse：${label} ${path}${runs > 1 ? `（${runs} 次）` : ''}`);
		const reports: Report[] = [];
		for (let run = 0; run < runs; run++) reports.push(await audit(url, chrome.port));
		const figures = reports.map(pageFigures);
		const median = medianRun(figures);
		results.push({ label, path, report: reports[median]!, figures: figures[median]!, performances: figures.map((run) => run.scores.performance) });
	};
	for (const page of selection.measure) await measure(page.label, `${ours.url}${page.path}`, page.path);

	// While the real articles are drafts, the article template (meta, banners, sidebar, pagination) is measured on the
	// test fixture's articles, so it meets the bar before the first article goes live.
	console.log('▶ 构建测试夹具站点（各种状态的文章）');
	const { copy } = await buildFixtureSite();
	cleanups.push(copy.remove);
	const fixture = await serve(join(copy.dir, 'dist'));
	cleanups.push(fixture.close);
	for (const [id, article] of Object.entries(FIXTURE_ARTICLES)) {
		if (article.status !== 'draft') await measure(`夹具文章（${article.status}）`, `${fixture.url}/${id}/`, `/${id}/`);
	}
	await measure('对照：纯 Starlight', `${reference.url}/`, '/');
	const ourPages = results.slice(0, -1);
	const plainPage = results.at(-1)!;

	const { lighthouseVersion, environment, configSettings } = plainPage.report;
	console.log(
		`\nLighthouse ${lighthouseVersion} · ${chrome.version} · ${configSettings.formFactor === 'mobile' ? '移动端' : configSettings.formFactor}，` +
			`${configSettings.throttlingMethod === 'simulate' ? '模拟节流' : configSettings.throttlingMethod} · 本机 benchmarkIndex ${Math.round(environment.benchmarkIndex)}`,
	);
	console.log(`达标线：${CATEGORY_IDS.map((id) => `${CATEGORIES[id].label} ≥ ${CATEGORIES[id].bar}`).join('，')}（✗ 为未达标）；字节为传输字节（本地服务器像 Netlify 一样对文本做 gzip 压缩）`);
	if (runs > 1) console.log(`每页运行 ${runs} 次，表中是性能分居中的那一次；“各次性能”列出每次的性能分`);
	console.log('');
	console.log(
		renderTable(
			[
				{ title: '页面' },
				{ title: '路径' },
				...CATEGORY_IDS.map((id) => ({ title: CATEGORIES[id].label, align: 'right' as const })),
				{ title: '字节', align: 'right' },
				{ title: 'JS', align: 'right' },
				{ title: '请求', align: 'right' },
				...(runs > 1 ? [{ title: '各次性能' }] : []),
			],
			results.map(({ label, path, figures, performances }) => [
				label,
				path,
				// The reference is measured, not held to the bar.
				...CATEGORY_IDS.map((id) => (label === plainPage.label ? String(figures.scores[id] ?? '—') : formatScore(id, figures.scores[id]))),
				formatBytes(figures.bytes),
				formatBytes(figures.scriptBytes),
				String(figures.requests),
				...(runs > 1 ? [performances.map((score) => score ?? '—').join(' ')] : []),
			]),
		),
	);
	for (const { category, score } of shortfalls(plainPage.figures)) {
		const weighing = failedAudits(plainPage.report, category).filter((audit) => audit.weight > 0);
		console.log(`（对照页面${CATEGORIES[category].label} ${score ?? '—'}：${weighing.map((audit) => audit.id).join('、') || '无计分审计失分'}）`);
	}

	console.log(`\n与纯 Starlight 页面相比（本站页面 ÷ 对照页面；对照页面 ${formatBytes(plainPage.figures.bytes)}，其中 JS ${formatBytes(plainPage.figures.scriptBytes)}）\n`);
	console.log(
		renderTable(
			[{ title: '页面' }, { title: '路径' }, { title: '字节', align: 'right' }, { title: '字节比', align: 'right' }, { title: 'JS', align: 'right' }, { title: 'JS 比', align: 'right' }],
			ourPages.map(({ label, path, figures }) => [
				label,
				path,
				formatBytes(figures.bytes),
				formatRatio(figures.bytes, plainPage.figures.bytes),
				formatBytes(figures.scriptBytes),
				formatRatio(figures.scriptBytes, plainPage.figures.scriptBytes),
			]),
		),
	);

	if (selection.skipped.length > 0) {
		console.log(`\n未测量的文章（${selection.skipped.length} 篇）：`);
		for (const { id, reason } of selection.skipped) console.log(`  - ${id}：${reason}`);
	}
	for (const problem of selection.missing) {
		failed = true;
		console.error(`\n✗ 缺少页面：${problem}`);
	}
	for (const { label, path, report, figures } of ourPages) {
		for (const warning of report.runWarnings) console.warn(`\n! ${label} ${path}：Lighthouse 警告：${warning}`);
		const misses = shortfalls(figures);
		if (misses.length === 0) continue;
		failed = true;
		for (const { category, score, bar } of misses) {
			console.error(`\n✗ ${label} ${path}：${CATEGORIES[category].label} ${score ?? '无分数'}，低于 ${bar}`);
			if (report.runtimeError) console.error(`    Lighthouse 运行错误 ${report.runtimeError.code}：${report.runtimeError.message}`);
			for (const audit of failedAudits(report, category)) {
				console.error(`    ${audit.id}  ${audit.title}${audit.displayValue ? `  ${audit.displayValue}` : ''}  （权重 ${audit.weight}）`);
			}
		}
	}
	console.log(`\n${failed ? '✗ 有页面未达标' : `✓ 全部 ${ourPages.length} 个页面达标`}，用时 ${formatSeconds(Date.now() - started)}`);
} catch (error) {
	failed = true;
	console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
} finally {
	for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
process.exitCode = failed ? 1 : 0;

/** Runs Lighthouse on one page in the already running Chromium: mobile, simulated throttling, the four categories. */
async function audit(url: string, port: number): Promise<Report> {
	const result = await lighthouse(url, {
		port,
		logLevel: 'error',
		locale: 'zh',
		formFactor: 'mobile',
		throttlingMethod: 'simulate',
		onlyCategories: [...CATEGORY_IDS],
	});
	if (!result) throw new Error(`Lighthouse 没有返回 ${url} 的结果`);
	return result.lhr;
}

/** Starts Debian's Chromium headless with a throwaway profile and remote debugging on a free port. */
async function launchChromium(): Promise<{ port: number; version: string; close: () => Promise<void> }> {
	const profile = await mkdtemp(join(tmpdir(), 'oci-guide-lighthouse-'));
	const child = spawn(CHROMIUM, [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
		detached: true,
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	const close = async () => {
		// Chromium's helper processes share its process group; end that group, which this script started.
		if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
		await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(undefined)));
		await rm(profile, { recursive: true, force: true });
	};
	const port = await new Promise<number>((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => reject(new Error(`Chromium 30 秒内没有开放调试端口：\n${output}`)), 30_000);
		child.on('error', (error) => reject(new Error(`无法启动 ${CHROMIUM}：${error.message}（Debian 上：apt-get install chromium）`)));
		const listen = (chunk: Buffer) => {
			output += chunk;
			const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
			if (!match) return;
			clearTimeout(timer);
			child.stderr.off('data', listen);
			child.stderr.resume();
			resolve(Number(match[1]));
		};
		child.stderr.on('data', listen);
		child.on('exit', (code) => reject(new Error(`Chromium 启动后退出（退出码 ${code}）：\n${output}`)));
	}).catch(async (error: unknown) => {
		await close();
		throw error;
	});
	const { Browser } = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as { Browser: string };
	return { port, version: Browser.replace(/^(?:Headless)?Chrome\//, 'Chromium '), close };
}
