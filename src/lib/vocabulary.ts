/**
 * The series' controlled vocabularies, defined once. The content schema, the TypeScript types, the badges,
 * the search filters and the tests are all derived from these tables: add a value here and every one of them
 * learns it.
 */

/** Reader roles, taken from the 适合人群 lines of the original series index. Keys are what frontmatter uses. */
export const AUDIENCES = {
	beginner: '容器技术初学者',
	'decision-maker': '技术决策者',
	'runtime-developer': '容器运行时开发者',
	sysadmin: '系统管理员',
	'devops-engineer': 'DevOps 工程师',
	'image-builder': '镜像构建者',
	'registry-developer': '注册表开发者',
	'platform-architect': '平台架构师',
	'security-engineer': '安全工程师',
	operator: '运维人员',
	sre: 'SRE',
	'ops-engineer': '运维工程师',
	architect: '架构师',
	'tech-lead': '技术负责人',
	'extension-developer': '扩展开发者',
} as const;

/**
 * Editorial states of an article: the Chinese label, what the site does with it (`meaning`, for contributors),
 * what readers are told (`readerNote`), the badge variant, and whether the article has a page.
 */
export const STATUSES = {
	draft: {
		label: '编写中',
		meaning: '正文尚未完成：不生成页面，不进入搜索索引，首页只列出标题、不给链接。',
		readerNote: '这篇文章还在撰写，完成后才会上线。',
		badge: 'caution',
		hasPage: false,
	},
	review: {
		label: '审校中',
		meaning: '正文已写完，正在逐行对照规范核对：页面可以访问，顶部横幅提示尚未完成事实核对。',
		readerNote: '本文正文已完成，正在逐行对照规范原文核对，个别细节可能还会修正。',
		badge: 'note',
		hasPage: true,
	},
	published: {
		label: '已发布',
		meaning: '正文完整，事实已对照规范发布版本核对，示例与实验由测试执行。',
		readerNote: '本文已对照规范发布版本核对，示例与实验由测试在真实工具上执行。',
		badge: 'success',
		hasPage: true,
	},
} as const;

/** Labels the site shows for article fields, defined once for pages, badges, search filters and errors. */
export const FIELD_LABELS = {
	audience: '适合人群',
	status: '状态',
	specs: '核对规范版本',
	updated: '内容更新于',
	categories: '分类',
	needsUpdate: '待更新',
} as const;

/** The three OCI specifications, keyed as articles name them in `specs`. */
export const SPECS = {
	runtime: { name: 'Runtime Specification', label: '运行时规范', repo: 'opencontainers/runtime-spec' },
	image: { name: 'Image Format Specification', label: '镜像规范', repo: 'opencontainers/image-spec' },
	distribution: {
		name: 'Distribution Specification',
		label: '分发规范',
		repo: 'opencontainers/distribution-spec',
	},
} as const;

/** Tags an article may carry; each one gets a page at `/tags/<key>/`. The first three are the seed's tags. */
export const TAGS = {
	oci: 'OCI',
	'cloud-native': '云原生',
	series: '系列文档',
	runtime: '运行时',
	image: '镜像',
	distribution: '分发',
	security: '安全',
	observability: '监控调试',
	production: '生产实践',
	hooks: 'Hook',
} as const;

/** Categories, as in the seed's `categories`. */
export const CATEGORIES = {
	'cloud-native': '云原生',
} as const;

/** Kinds of technical resource, in the order the home page shows them. */
export const RESOURCE_KINDS = {
	spec: '官方规范',
	implementation: '实现参考',
	tool: '工具资源',
} as const;

/** The sidebar group that lists the series: left empty in astro.config.mjs and filled by src/routeData.ts. */
export const SERIES_SIDEBAR_GROUP = '系列文章';

/** Number of articles in the series; `series.order` runs from 1 to this. */
export const SERIES_LENGTH = 8;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** A series place in Chinese numerals, as in 第八篇 or 第十二篇 (1 to 99). */
export function chineseOrdinal(n: number): string {
	if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`${n} 不在 1 到 99 之间`);
	const [tens, ones] = [Math.floor(n / 10), n % 10];
	const head = tens === 0 ? '' : `${tens === 1 ? '' : DIGITS[tens]}十`;
	return `第${head}${ones === 0 ? '' : DIGITS[ones]}篇`;
}

export type Audience = keyof typeof AUDIENCES;
export type Status = keyof typeof STATUSES;
export type SpecId = keyof typeof SPECS;
export type Tag = keyof typeof TAGS;
export type Category = keyof typeof CATEGORIES;
export type ResourceKind = keyof typeof RESOURCE_KINDS;

/** The keys of a vocabulary table as a non-empty tuple, ready for `z.enum()`. */
export function keysOf<T extends Record<string, unknown>>(table: T): [keyof T & string, ...(keyof T & string)[]] {
	return Object.keys(table) as [keyof T & string, ...(keyof T & string)[]];
}

/** A vocabulary table listed as `key（label）` pairs, for error messages and docs. */
export function describeVocabulary(table: Record<string, string | { label: string }>): string {
	return Object.entries(table)
		.map(([key, value]) => `${key}（${typeof value === 'string' ? value : value.label}）`)
		.join('、');
}
