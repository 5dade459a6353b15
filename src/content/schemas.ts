/**
 * The shapes of the series' content: article frontmatter, learning paths, resources and spec releases.
 * Imports only `astro/zod` and `src/lib`, so unit tests can import it without Astro's virtual modules.
 *
 * Every message here is written for a contributor who has never seen zod: Astro prefixes it with the file,
 * and the message says which field, what was found, what is allowed and how to fix it.
 */
import { z } from 'astro/zod';
import type { docsSchema } from '@astrojs/starlight/schema';
import {
	AUDIENCES,
	CATEGORIES,
	RESOURCE_KINDS,
	SERIES_LENGTH,
	SPECS,
	STATUSES,
	TAGS,
	describeVocabulary,
	keysOf,
} from '../lib/vocabulary';
import { RELEASE_TAG } from '../lib/versions';

/** How to describe a field in an error: its key, its Chinese name, what it accepts and an example line. */
interface FieldHelp {
	field: string;
	name: string;
	allowed: string;
	example: string;
}

/** Builds a zod error callback that explains the field in Chinese, for both a missing and a wrong value. */
export function explain({ field, name, allowed, example }: FieldHelp) {
	return (issue: { input?: unknown }) => {
		const found =
			issue.input === undefined
				? `缺少必填字段 ${field}（${name}）。`
				: `${field}（${name}）的值 ${JSON.stringify(issue.input)} 不符合要求。`;
		return `${found}允许的值：${allowed}。写法示例：${example}`;
	};
}

/** A value from a vocabulary table, with an error that lists every allowed key and its label. */
function vocabulary<T extends Record<string, string | { label: string }>>(table: T, help: Omit<FieldHelp, 'allowed'>) {
	return z.enum(keysOf(table), { error: explain({ ...help, allowed: describeVocabulary(table) }) });
}

/** A non-empty list of vocabulary values without repeats. */
function vocabularyList<T extends Record<string, string | { label: string }>>(table: T, help: Omit<FieldHelp, 'allowed'>) {
	const allowed = describeVocabulary(table);
	return z
		.array(vocabulary(table, help), { error: explain({ ...help, allowed: `由以下值组成的列表：${allowed}` }) })
		.min(1, { error: `${help.field}（${help.name}）不能为空列表，至少写一项。允许的值：${allowed}。写法示例：${help.example}` })
		.refine((list) => new Set(list).size === list.length, {
			error: `${help.field}（${help.name}）里有重复的值，每个值只写一次。`,
		});
}

/** A spec release tag such as `v1.3.0`. */
const releaseTag = (field: string) =>
	z.string({ error: explain({ field, name: '规范发布标签', allowed: '形如 v1.3.0 的发布标签', example: `${field}: v1.3.0` }) })
		.regex(RELEASE_TAG, { error: explain({ field, name: '规范发布标签', allowed: '形如 v1.3.0 的发布标签', example: `${field}: v1.3.0` }) });

/** A calendar date written as YYYY-MM-DD that exists (2026-02-30 does not); YAML may hand it over as a Date. */
const isoDate = (field: string, name: string) => {
	const help = explain({ field, name, allowed: '真实存在的日期，格式 YYYY-MM-DD', example: `${field}: 2026-11-26` });
	return z
		.union([z.date(), z.string()], { error: help })
		.transform((value, ctx) => {
			const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
			const date = new Date(`${text}T00:00:00Z`);
			if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
				ctx.addIssue({ code: 'custom', message: help({ input: value }), input: value });
				return z.NEVER;
			}
			return date;
		});
};

/** A required piece of text, with an explanation when it is missing or empty. */
const text = (field: string, name: string, example: string) => {
	const help = explain({ field, name, allowed: '非空的文字', example });
	return z.string({ error: help }).min(1, { error: help });
};

/** Frontmatter fields an article of the series adds to Starlight's own. */
export const articleFields = z.object({
	/**
	 * The article's place in the series.
	 * - `order`: 1–8, unique across the series; drives the sidebar, 第 N 篇 and previous/next.
	 * - `part`: the part name the series index gives it, e.g. `基础入门`.
	 * - `short`: the short name learning paths use, e.g. `入门指南`.
	 * @example series: { order: 1, part: 基础入门, short: 入门指南 }
	 */
	series: z.object(
		{
			order: z
				.number({
					error: explain({
						field: 'series.order',
						name: '系列中的位置',
						allowed: `1 到 ${SERIES_LENGTH} 的整数`,
						example: 'order: 1',
					}),
				})
				.int({ error: `series.order（系列中的位置）必须是整数，例如 order: 1。` })
				.min(1, { error: `series.order（系列中的位置）最小为 1。` })
				.max(SERIES_LENGTH, { error: `series.order（系列中的位置）最大为 ${SERIES_LENGTH}：本系列共 ${SERIES_LENGTH} 篇。` }),
			part: text('series.part', '篇名', 'part: 基础入门'),
			short: text('series.short', '简称', 'short: 入门指南'),
		},
		{
			error: explain({
				field: 'series',
				name: '系列位置',
				allowed: '包含 order、part、short 的对象',
				example: 'series: { order: 1, part: 基础入门, short: 入门指南 }',
			}),
		},
	),
	/**
	 * Who the article is written for: one or more reader roles from `AUDIENCES` in `src/lib/vocabulary.ts`.
	 * @example audience: [beginner, decision-maker]
	 */
	audience: vocabularyList(AUDIENCES, { field: 'audience', name: '适合人群', example: 'audience: [beginner, decision-maker]' }),
	/**
	 * Editorial state from `STATUSES`: `draft` has no page and no search entry, `review` is public with a notice,
	 * `published` means complete and fact-checked.
	 * @example status: draft
	 */
	status: vocabulary(STATUSES, { field: 'status', name: '编辑状态', example: 'status: draft' }),
	/**
	 * The article's main sections, shown as bullets on its home page card; keep them in step with the headings.
	 * @example topics: [OCI 规范概述和发展历程, 容器技术基础概念]
	 */
	topics: z
		.array(text('topics 的每一项', '主题要点', '- OCI 规范概述和发展历程'), {
			error: explain({ field: 'topics', name: '主题要点', allowed: '字符串列表', example: 'topics: [OCI 规范概述和发展历程]' }),
		})
		.min(1, { error: 'topics（主题要点）不能为空列表：写出文章的主要章节，首页卡片会展示它们。' }),
	/**
	 * The spec releases the article is written and checked against, by spec: `runtime`, `image`, `distribution`.
	 * An article checked against an older release than the current one in `src/content/specs.yaml` is shown as
	 * needing an update.
	 * @example specs: { runtime: v1.3.0 }
	 */
	specs: z
		.strictObject(
			{
				runtime: releaseTag('specs.runtime').optional(),
				image: releaseTag('specs.image').optional(),
				distribution: releaseTag('specs.distribution').optional(),
			},
			{
				error: (issue) =>
					issue.code === 'unrecognized_keys'
						? `specs（核对的规范版本）不认识 ${issue.keys.join('、')}：只接受 ${keysOf(SPECS).join('、')} 这几个键。写法示例：specs: { runtime: v1.3.0 }`
						: explain({
								field: 'specs',
								name: '核对的规范版本',
								allowed: `以 ${keysOf(SPECS).join('、')} 为键、发布标签为值的对象`,
								example: 'specs: { runtime: v1.3.0, image: v1.1.1 }',
							})(issue),
			},
		)
		.refine((specs) => Object.values(specs).some(Boolean), {
			error: 'specs（核对的规范版本）至少写一个规范，例如 specs: { runtime: v1.3.0 }。',
		}),
	/**
	 * The date of the last substantive change to the article's content (not typo fixes).
	 * @example updated: 2026-11-26
	 */
	updated: isoDate('updated', '最近一次实质更新日期'),
	/**
	 * Tags from `TAGS`; each has a page listing its articles.
	 * @example tags: [oci, cloud-native, series, runtime]
	 */
	tags: vocabularyList(TAGS, { field: 'tags', name: '标签', example: 'tags: [oci, cloud-native, series]' }),
	/**
	 * Categories from `CATEGORIES`.
	 * @example categories: [cloud-native]
	 */
	categories: vocabularyList(CATEGORIES, { field: 'categories', name: '分类', example: 'categories: [cloud-native]' }),
});

export type ArticleFields = z.infer<typeof articleFields>;

/** What a `docs` entry is: an article of the series (every file in src/content/docs/), or a site page. */
const kind = z
	.enum(['article', 'page'], {
		error: explain({ field: 'kind', name: '页面类型', allowed: 'article（系列文章，默认）、page（站点页面）', example: 'kind: article' }),
	})
	.default('article');

/** Starlight's own frontmatter schema, as `docsSchema()(context)` returns it. */
type StarlightFrontmatter = ReturnType<ReturnType<typeof docsSchema<never>>>;

/** The fields the site adds to every `docs` entry: its kind, and the article fields (required for articles). */
const docsExtension = z.object({ kind, ...articleFields.partial().shape });
type DocsExtension = z.infer<typeof docsExtension>;

/** Starlight frontmatter extended with the article fields; `kind: page` is for site pages built in src/pages/. */
export function docsFrontmatter(starlight: StarlightFrontmatter) {
	return starlight.extend(docsExtension.shape).superRefine(requireArticleFields).transform(withStarlightFields);
}

/** An article must carry every article field; a missing one is reported with the field's own explanation. */
function requireArticleFields(data: object, ctx: z.RefinementCtx) {
	const entry = data as DocsExtension;
	if (entry.kind !== 'article') return;
	for (const [field, schema] of Object.entries(articleFields.shape)) {
		if (entry[field as keyof ArticleFields] !== undefined) continue;
		const missing = schema.safeParse(undefined).error?.issues[0]?.message ?? `缺少必填字段 ${field}`;
		ctx.addIssue({ code: 'custom', path: [field], message: missing, input: undefined });
	}
}

/** Applies `deriveStarlightFields` to articles and leaves site pages as they are. */
function withStarlightFields<T>(data: T): T {
	const entry = data as T & DocsExtension & StarlightDerived;
	return isArticle(entry) ? deriveStarlightFields(entry) : data;
}

/** True for an entry that is an article of the series, with all its fields present. */
export function isArticle<T extends Partial<DocsExtension>>(data: T): data is T & ArticleFields {
	return data.kind !== 'page' && Object.keys(articleFields.shape).every((field) => data[field as keyof T] !== undefined);
}

/** The Starlight fields that `deriveStarlightFields` sets. */
interface StarlightDerived {
	draft: boolean;
	sidebar: object;
}

/**
 * Derives Starlight's own fields from the article's: a draft is Starlight `draft` (no page, no search entry in
 * production), the sidebar follows the series order, and the sidebar shows the status of unfinished articles.
 */
export function deriveStarlightFields<T extends ArticleFields & StarlightDerived>(data: T): T {
	const status = STATUSES[data.status];
	return {
		...data,
		draft: data.draft || !status.hasPage,
		sidebar: {
			...data.sidebar,
			order: data.series.order,
			...(data.status === 'published' ? {} : { badge: { text: status.label, variant: status.badge } }),
		},
	};
}

/** Every entry of a YAML list collection has an `id` and its `position` in the file (added by the loader). */
const listEntry = {
	id: z.string({ error: explain({ field: 'id', name: '条目 id', allowed: '小写英文和连字符', example: 'id: runc' }) }),
	position: z.number().int(),
};

/** One current release of an OCI spec, recorded once in `src/content/specs.yaml`. */
export const specReleaseSchema = z.object({
	...listEntry,
	/** Which spec: `runtime`, `image` or `distribution`. */
	id: vocabulary(SPECS, { field: 'id', name: '规范', example: 'id: runtime' }),
	/** The latest release tag, e.g. `v1.3.0`. */
	release: releaseTag('release'),
	/** The release date. */
	released: isoDate('released', '发布日期'),
});

/**
 * A learning path: an ordered list of steps, each naming an article by id. The article reference schema is
 * passed in (Astro's `reference('docs')` in the build, a plain enum in tests) so that a wrong id fails.
 */
export function learningPathSchema<A extends z.ZodType>(articleRef: A) {
	return z.object({
		...listEntry,
		/** Stable id used in anchors, e.g. `beginner`. */
		id: z
			.string({ error: explain({ field: 'id', name: '路径 id', allowed: '小写英文字母和连字符', example: 'id: beginner' }) })
			.regex(/^[a-z][a-z-]*$/, { error: 'id 只能用小写英文字母和连字符，例如 id: beginner。' }),
		/** Display title, e.g. `初学者路径`. */
		title: text('title', '路径名称', 'title: 初学者路径'),
		/** Who the path is for, one sentence. */
		description: text('description', '路径说明', 'description: 第一次接触容器规范的读者。'),
		/** The steps in reading order. */
		steps: z
			.array(
				z.object({
					/** The article's id: its file name without extension, e.g. `oci-01-intro-guide`. */
					article: articleRef,
					/** What the reader gets from this step, e.g. `了解基础概念`. */
					goal: text('goal', '这一步的收获', 'goal: 了解基础概念'),
				}),
			)
			.min(2, { error: '学习路径至少需要两步。' }),
	});
}

/** A technical resource on the home page: an official spec, an implementation or a tool. */
export const resourceSchema = z.object({
	...listEntry,
	/** Display name, e.g. `runc`. */
	name: text('name', '资源名称', 'name: runc'),
	/** Where it lives. */
	url: z.url({ error: explain({ field: 'url', name: '链接', allowed: '完整的 https 地址', example: 'url: https://github.com/opencontainers/runc' }) }),
	/** What it is, one line in Chinese; `code` in backticks is shown as code. */
	description: text('description', '一句话说明', 'description: OCI 维护的运行时参考实现。'),
	/** Which list it belongs to. */
	kind: vocabulary(RESOURCE_KINDS, { field: 'kind', name: '资源类别', example: 'kind: tool' }),
});

/** A promise the series makes on its home page, and the mechanism that keeps it. */
export const promiseSchema = z.object({
	...listEntry,
	/** The promise, e.g. `权威准确`. */
	title: text('title', '承诺', 'title: 权威准确'),
	/** What it means for a reader. */
	claim: text('claim', '对读者的含义', 'claim: 以规范的正式发布版本为准。'),
	/** How the project enforces it: a check, a test or a rule that runs; `code` in backticks is shown as code. */
	mechanism: text('mechanism', '保证机制', 'mechanism: 测试用官方 JSON Schema 校验示例。'),
});
