import { describe, expect, test } from 'vitest';
import { z } from 'astro/zod';
import { docsSchema } from '@astrojs/starlight/schema';
import { docsFrontmatter, learningPathSchema, promiseSchema, resourceSchema, specReleaseSchema } from '../../src/content/schemas';
import { AUDIENCES, SERIES_LENGTH, STATUSES, TAGS, keysOf } from '../../src/lib/vocabulary';

const frontmatter = docsFrontmatter(docsSchema()({ image: () => z.string() } as never));

/** A complete, valid article's frontmatter, as a contributor writes it. */
const valid = {
	title: 'OCI 容器技术入门指南',
	series: { order: 1, part: '基础入门', short: '入门指南' },
	audience: ['beginner', 'decision-maker'],
	status: 'draft',
	topics: ['OCI 规范概述和发展历程'],
	specs: { runtime: 'v1.3.0' },
	updated: '2026-11-26',
	tags: ['oci', 'cloud-native'],
	categories: ['cloud-native'],
};

/** The messages zod reports for this frontmatter, joined, or '' when it is valid. */
function problems(input: object): string {
	const result = frontmatter.safeParse(input);
	return result.success ? '' : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
}

describe('article frontmatter', () => {
	test('accepts a complete article', () => {
		expect(problems(valid)).toBe('');
	});

	test('rejects an article whose audience is unknown, naming the value and every allowed role', () => {
		const message = problems({ ...valid, audience: ['beginner', 'manager'] });
		expect(message).toContain('audience.1');
		expect(message).toContain('audience（适合人群）的值 "manager" 不符合要求');
		for (const [id, label] of Object.entries(AUDIENCES)) expect(message).toContain(`${id}（${label}）`);
	});

	test('rejects an article without an audience, showing how to write one', () => {
		expect(problems({ ...valid, audience: undefined })).toMatch(/缺少必填字段 audience（适合人群）.*写法示例：audience: \[beginner, decision-maker\]/);
	});

	test('rejects an empty audience list', () => {
		expect(problems({ ...valid, audience: [] })).toContain('audience（适合人群）不能为空列表');
	});

	test('rejects a repeated audience', () => {
		expect(problems({ ...valid, audience: ['sre', 'sre'] })).toContain('有重复的值');
	});

	test('rejects an unknown status, listing the statuses with their Chinese labels', () => {
		const message = problems({ ...valid, status: 'done' });
		expect(message).toContain('status（编辑状态）的值 "done" 不符合要求');
		for (const [id, { label }] of Object.entries(STATUSES)) expect(message).toContain(`${id}（${label}）`);
	});

	test.each(['series', 'audience', 'status', 'topics', 'specs', 'updated', 'tags', 'categories'])(
		'rejects an article without %s and says the field is missing',
		(field) => {
			expect(problems({ ...valid, [field]: undefined })).toContain(`缺少必填字段 ${field}`);
		},
	);

	test.each([0, SERIES_LENGTH + 1, 1.5])('rejects series.order %s', (order) => {
		expect(problems({ ...valid, series: { ...valid.series, order } })).toMatch(/series\.order（系列中的位置）/);
	});

	test('rejects a spec release that is not a release tag', () => {
		expect(problems({ ...valid, specs: { runtime: '1.3' } })).toContain('specs.runtime（规范发布标签）的值 "1.3" 不符合要求');
	});

	test('rejects a spec that is not one of the three OCI specs', () => {
		expect(problems({ ...valid, specs: { runtime: 'v1.3.0', cri: 'v1.0.0' } })).toContain('不认识 cri');
	});

	test('rejects specs that name no spec at all', () => {
		expect(problems({ ...valid, specs: {} })).toContain('至少写一个规范');
	});

	test('rejects an unknown tag, listing the tags', () => {
		const message = problems({ ...valid, tags: ['docker'] });
		for (const id of keysOf(TAGS)) expect(message).toContain(id);
	});

	test('rejects an update date that is not a date, showing what was written', () => {
		expect(problems({ ...valid, updated: 'last week' })).toContain('updated（最近一次实质更新日期）的值 "last week" 不符合要求');
	});

	test('rejects a date that does not exist instead of rolling it over', () => {
		expect(problems({ ...valid, updated: '2026-02-30' })).toContain('的值 "2026-02-30" 不符合要求');
	});

	test('reads a date YAML has already turned into a Date', () => {
		expect(frontmatter.parse({ ...valid, updated: new Date('2026-11-26T00:00:00Z') }).updated).toEqual(new Date('2026-11-26T00:00:00Z'));
	});

	test('explains an empty topic in Chinese', () => {
		expect(problems({ ...valid, topics: [''] })).toContain('主题要点');
	});

	test('accepts a site page without article fields', () => {
		expect(problems({ title: '按标签浏览', kind: 'page' })).toBe('');
	});
});

describe('derived Starlight fields', () => {
	test.each(keysOf(STATUSES))('status %s decides whether the article is a Starlight draft', (status) => {
		const data = frontmatter.parse({ ...valid, status });
		expect(data.draft).toBe(!STATUSES[status].hasPage);
	});

	test('the sidebar follows the series order', () => {
		expect(frontmatter.parse({ ...valid, series: { ...valid.series, order: 5 } }).sidebar.order).toBe(5);
	});

	test('unfinished articles carry their status as a sidebar badge, published ones none', () => {
		expect(frontmatter.parse({ ...valid, status: 'review' }).sidebar.badge).toEqual({ text: STATUSES.review.label, variant: STATUSES.review.badge });
		expect(frontmatter.parse({ ...valid, status: 'published' }).sidebar.badge).toBeUndefined();
	});
});

describe('data collections', () => {
	const path = learningPathSchema(z.enum(['oci-01-intro-guide', 'oci-02-runtime-spec']));

	test('a learning path step must name an existing article', () => {
		const step = (article: string) => ({ article, goal: '了解基础概念' });
		const base = { id: 'beginner', position: 0, title: '初学者路径', description: '第一次接触容器规范。' };
		expect(path.safeParse({ ...base, steps: [step('oci-01-intro-guide'), step('oci-02-runtime-spec')] }).success).toBe(true);
		expect(path.safeParse({ ...base, steps: [step('oci-01-intro-guide'), step('oci-09-missing')] }).success).toBe(false);
	});

	test('a spec release must be one of the three specs with a release tag', () => {
		expect(specReleaseSchema.safeParse({ id: 'runtime', position: 0, release: 'v1.3.0', released: '2025-11-04' }).success).toBe(true);
		expect(specReleaseSchema.safeParse({ id: 'cri', position: 0, release: 'v1.3.0', released: '2025-11-04' }).success).toBe(false);
		expect(specReleaseSchema.safeParse({ id: 'image', position: 0, release: 'latest', released: '2025-11-04' }).success).toBe(false);
	});

	test.each([
		['learning path', path, { id: 'beginner', position: 0, title: '', description: '', steps: [{ article: 'oci-01-intro-guide', goal: '' }] }],
		['resource', resourceSchema, { id: 'runc', position: 0, name: '', url: 'x', description: '', kind: 'tool' }],
		['promise', promiseSchema, { id: 'accurate', position: 0, title: '', claim: '', mechanism: '' }],
	] as const)('every problem in a %s is explained in Chinese', (_, schema, input) => {
		const issues = schema.safeParse(input).error?.issues ?? [];
		expect(issues.length).toBeGreaterThan(0);
		for (const issue of issues) expect(issue.message, issue.path.join('.')).toMatch(/[\u4e00-\u9fff]/);
	});

	test('a resource needs a full URL and a known kind', () => {
		const runc = { id: 'runc', position: 0, name: 'runc', url: 'https://github.com/opencontainers/runc', description: '参考实现', kind: 'implementation' };
		expect(resourceSchema.safeParse(runc).success).toBe(true);
		expect(resourceSchema.safeParse({ ...runc, url: 'github.com/opencontainers/runc' }).success).toBe(false);
		expect(resourceSchema.safeParse({ ...runc, kind: 'blog' }).error?.issues[0]?.message).toContain('tool（工具资源）');
	});
});
