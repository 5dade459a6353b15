import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { checkSpecs, formatDate, orderSeries } from '../../src/lib/series';
import { compareReleases, parseRelease, specBlobUrl } from '../../src/lib/versions';
import { signalGroup } from '../../src/lib/process-group';
import { legacyRedirectRules } from '../../src/lib/redirects';
import { githubRepository } from '../../src/lib/repository';
import { siteUrl } from '../../src/lib/site-url';
import { splitAnchor } from '../../src/lib/heading-anchors';
import { columnHeadings, tableRegionLabels } from '../../src/lib/scrollable-tables';
import { currentSection } from '../../src/lib/toc';
import type { Element } from 'hast';
import { AUDIENCES, STATUSES, TAGS, chineseOrdinal } from '../../src/lib/vocabulary';
import { splitInlineCode } from '../../src/lib/text';
import { articleFields } from '../../src/content/schemas';

const article = (id: string, order: number) => ({ id, filePath: `src/content/docs/${id}.mdx`, order });
const fullSeries = Array.from({ length: 8 }, (_, i) => article(`oci-0${8 - i}`, 8 - i));

describe('orderSeries', () => {
	test('sorts the articles by their place in the series', () => {
		expect(orderSeries(fullSeries).map((a) => a.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	test('rejects two articles claiming the same place, naming both files', () => {
		const clash = [...fullSeries.filter((a) => a.order !== 3), article('oci-03-a', 3), article('oci-03-b', 3)];
		expect(() => orderSeries(clash)).toThrow(/series\.order: 3 被 2 篇文章同时占用：src\/content\/docs\/oci-03-a\.mdx、src\/content\/docs\/oci-03-b\.mdx/);
	});

	test('rejects a series with an empty place', () => {
		expect(() => orderSeries(fullSeries.filter((a) => a.order !== 6))).toThrow('系列第 6 篇缺失');
	});
});

describe('checkSpecs', () => {
	const current = { runtime: 'v1.3.0', image: 'v1.1.1', distribution: 'v1.1.1' };

	test('an article checked against the current release is up to date', () => {
		expect(checkSpecs({ runtime: 'v1.3.0' }, current)).toEqual([{ spec: 'runtime', verified: 'v1.3.0', current: 'v1.3.0', outdated: false }]);
	});

	test('refuses a release newer than the current one, naming the article', () => {
		expect(() => checkSpecs({ runtime: 'v9.9.9' }, current, 'oci-02.mdx：')).toThrow('oci-02.mdx：specs.runtime 写的是 v9.9.9，比 src/content/specs.yaml 记录的当前发布版本 v1.3.0 还新');
	});

	test('an article checked against an older release needs an update', () => {
		expect(checkSpecs({ image: 'v1.0.2', runtime: 'v1.3.0' }, current).filter((c) => c.outdated).map((c) => c.spec)).toEqual(['image']);
	});
});

describe('releases', () => {
	test('compares release tags numerically, not as text', () => {
		expect(compareReleases('v1.10.0', 'v1.9.0')).toBeGreaterThan(0);
		expect(compareReleases('v1.0.2', 'v1.1.0')).toBeLessThan(0);
		expect(compareReleases('v1.1.1', 'v1.1.1')).toBe(0);
	});

	test('refuses something that is not a release tag', () => {
		expect(() => parseRelease('main')).toThrow('不是规范发布标签');
	});

	test('links a spec file at its release tag, never at main', () => {
		expect(specBlobUrl('opencontainers/runtime-spec', 'v1.3.0', 'config-linux.md')).toBe(
			'https://github.com/opencontainers/runtime-spec/blob/v1.3.0/config-linux.md',
		);
	});
});

describe('legacyRedirectRules', () => {
	test('sends the old .html and .md addresses to the article page where it is built', () => {
		expect(legacyRedirectRules(['oci-01-intro-guide'], new Set(['oci-01-intro-guide/']))).toEqual([
			'/oci-01-intro-guide.html /oci-01-intro-guide/ 301',
			'/oci-01-intro-guide.md /oci-01-intro-guide/ 301',
		]);
	});

	test('sends the old addresses of a draft temporarily to the series list', () => {
		expect(legacyRedirectRules(['oci-02-runtime-spec'], new Set())).toEqual([
			'/oci-02-runtime-spec.html /#series 302',
			'/oci-02-runtime-spec.md /#series 302',
		]);
	});
});

describe('githubRepository', () => {
	test('prefers Netlify’s REPOSITORY_URL', () => {
		expect(githubRepository({ REPOSITORY_URL: 'https://github.com/acme/oci-guide' }, 'git@github.com:other/x.git')).toBe('https://github.com/acme/oci-guide');
	});

	test('reads an SSH or HTTPS git remote', () => {
		expect(githubRepository({}, 'git@github.com:acme/oci-guide.git')).toBe('https://github.com/acme/oci-guide');
		expect(githubRepository({}, 'https://github.com/acme/oci-guide.git')).toBe('https://github.com/acme/oci-guide');
	});

	test('finds nothing in a local path', () => {
		expect(githubRepository({}, '/work/main')).toBeUndefined();
	});
});

describe('siteUrl', () => {
	test('uses the deploy URL on Netlify previews', () => {
		expect(siteUrl({ CONTEXT: 'deploy-preview', URL: 'https://a.example', DEPLOY_PRIME_URL: 'https://deploy-preview-3--a.example' }, 'http://localhost:4321')).toBe(
			'https://deploy-preview-3--a.example',
		);
	});

	test('uses the main URL in production and the fallback locally', () => {
		expect(siteUrl({ CONTEXT: 'production', URL: 'https://a.example', DEPLOY_PRIME_URL: 'https://main--a.example' }, 'x')).toBe('https://a.example');
		expect(siteUrl({}, 'http://localhost:4321')).toBe('http://localhost:4321');
	});
});

describe('formatDate', () => {
	test('writes a date the Chinese way with spaces around the numbers', () => {
		expect(formatDate(new Date('2026-11-26T00:00:00Z'))).toBe('2026 年 11 月 26 日');
	});
});

describe('src/content/specs.yaml', () => {
	test('records the releases that the writing rules of CONTRIBUTING.md name', () => {
		const guide = readFileSync(new URL('../../CONTRIBUTING.md', import.meta.url), 'utf8');
		const rule = guide.split('\n').find((line) => line.includes('**以规范的正式发布版本为准**'));
		const names = { runtime: '运行时规范', image: '镜像规范', distribution: '分发规范' } as const;
		const specs = parse(readFileSync(new URL('../../src/content/specs.yaml', import.meta.url), 'utf8')) as { id: keyof typeof names; release: string }[];
		expect(specs.map((spec) => spec.id).sort()).toEqual(['distribution', 'image', 'runtime']);
		for (const spec of specs) expect(rule, `CONTRIBUTING.md 的写作规范应写「${names[spec.id]} ${spec.release}」`).toContain(`${names[spec.id]} ${spec.release}`);
	});
});

describe('splitAnchor', () => {
	test('takes a trailing {#id} off a heading and returns the id', () => {
		expect(splitAnchor('命名空间 {#namespaces}')).toEqual({ text: '命名空间', id: 'namespaces' });
		expect(splitAnchor('用户命名空间 {#user-namespace} ')).toEqual({ text: '用户命名空间', id: 'user-namespace' });
	});

	test('leaves headings without a marker, or with one that is not a lowercase ASCII id, alone', () => {
		expect(splitAnchor('命名空间')).toBeUndefined();
		expect(splitAnchor('命名空间 {#命名空间}')).toBeUndefined();
		expect(splitAnchor('对象 {#Object}')).toBeUndefined();
	});
});

describe('CONTRIBUTING.md', () => {
	const guide = readFileSync(new URL('../../CONTRIBUTING.md', import.meta.url), 'utf8');

	test.each([
		['audience', AUDIENCES],
		['tag', TAGS],
	] as const)('lists every %s value with its label', (_, table) => {
		for (const [id, label] of Object.entries(table)) expect(guide).toContain(`| \`${id}\` | ${label} |`);
	});

	test.each(Object.entries(STATUSES))('explains the status %s', (id, { label }) => {
		expect(guide).toContain(`| \`${id}\` | ${label} |`);
	});

	test('explains every article field', () => {
		for (const field of Object.keys(articleFields.shape)) expect(guide).toMatch(new RegExp(`\\| \`${field}(\\.\\w+)?\` \\|`));
	});
});

describe('splitInlineCode', () => {
	test('marks the parts between backticks as code', () => {
		expect(splitInlineCode('按 `config.json` 运行')).toEqual([
			{ text: '按 ', code: false },
			{ text: 'config.json', code: true },
			{ text: ' 运行', code: false },
		]);
	});

	test('leaves text without backticks whole', () => {
		expect(splitInlineCode('纯文本')).toEqual([{ text: '纯文本', code: false }]);
	});
});

describe('chineseOrdinal', () => {
	test.each([
		[1, '第一篇'],
		[8, '第八篇'],
		[10, '第十篇'],
		[12, '第十二篇'],
		[20, '第二十篇'],
	])('writes place %i as %s', (n, text) => {
		expect(chineseOrdinal(n)).toBe(text);
	});

	test('refuses a place outside 1 to 99', () => {
		expect(() => chineseOrdinal(0)).toThrow();
	});
});

describe('scrollable tables', () => {
	const cell = (tagName: 'th' | 'td', text: string): Element => ({ type: 'element', tagName, properties: {}, children: [{ type: 'text', value: text }] });
	const row = (...cells: Element[]): Element => ({ type: 'element', tagName: 'tr', properties: {}, children: cells });
	const table = (...parts: Element[]): Element => ({ type: 'element', tagName: 'table', properties: {}, children: parts });
	const section = (tagName: 'thead' | 'tbody', ...rows: Element[]): Element => ({ type: 'element', tagName, properties: {}, children: rows });

	test('reads the column headings of a table from its first row', () => {
		const headed = table(section('thead', row(cell('th', ' 规范 '), cell('th', '版本'))), section('tbody', row(cell('td', '运行时'), cell('td', 'v1.3.0'))));
		expect(columnHeadings(headed)).toEqual(['规范', '版本']);
		expect(columnHeadings(table(section('tbody', row(cell('td', '运行时')))))).toEqual([]);
	});

	test('names each table region by its heading and columns, numbering repeated names', () => {
		const labels = tableRegionLabels([
			{ heading: '适合人群', columns: ['值', '显示为'] },
			{ heading: '编辑状态', columns: ['值', '显示为'] },
			{ heading: '编辑状态', columns: ['值', '显示为'] },
			{ heading: undefined, columns: [] },
		]);
		expect(labels).toEqual(['「适合人群」中的表格：值、显示为', '「编辑状态」中的表格：值、显示为', '「编辑状态」中的表格：值、显示为（2）', '表格']);
	});
});

describe('currentSection', () => {
	const tops = [-900, -300, 40, 120, 800];
	const reads: number[] = [];
	const topOf = (index: number) => (reads.push(index), tops[index]!);

	test('picks the last heading above the line', () => {
		expect(currentSection(tops.length, 100, topOf)).toBe(2);
		expect(currentSection(tops.length, 130, topOf)).toBe(3);
		expect(currentSection(tops.length, 1000, topOf)).toBe(4);
	});

	test('falls back to the first entry, the page title, when no heading is above the line', () => {
		expect(currentSection(tops.length, -1000, topOf)).toBe(0);
	});

	test('reads about log2(n) headings, not all of them', () => {
		const many = Array.from({ length: 1024 }, (_, i) => i * 100);
		let count = 0;
		expect(currentSection(many.length, 50_050, (i) => (count++, many[i]!))).toBe(500);
		expect(count).toBeLessThanOrEqual(11);
	});
});

describe('signalGroup', () => {
	test('ends every process of a detached child\'s group, then does nothing once the group is gone', async () => {
		const child = spawn('sh', ['-c', 'sleep 60 & sleep 60'], { detached: true, stdio: 'ignore' });
		const exited = once(child, 'exit');
		signalGroup(child.pid, 'SIGKILL');
		const [, signal] = await exited;
		expect(signal).toBe('SIGKILL');
		// The background sleep was killed too; wait until its parent-less zombie is reaped and the group is empty.
		const gone = () => {
			try {
				process.kill(-child.pid!, 0);
				return false;
			} catch {
				return true;
			}
		};
		for (let tries = 0; tries < 100 && !gone(); tries++) await new Promise((done) => setTimeout(done, 50));
		expect(gone()).toBe(true);
		expect(() => signalGroup(child.pid, 'SIGKILL')).not.toThrow();
	});

	test('does nothing for a child that never got a pid', () => {
		expect(() => signalGroup(undefined, 'SIGTERM')).not.toThrow();
	});
});
