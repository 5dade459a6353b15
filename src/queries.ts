/**
 * The one place that reads the content collections. Pages and components ask here for what they show, already
 * ordered, checked and typed, and never sort or filter collections themselves.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { checkSpecs, orderSeries, type SpecCheck } from './lib/series';
import {
	AUDIENCES,
	CATEGORIES,
	chineseOrdinal,
	RESOURCE_KINDS,
	SPECS,
	STATUSES,
	TAGS,
	type Audience,
	type ResourceKind,
	type SpecId,
	type Status,
	type Tag,
} from './lib/vocabulary';
import { specBlobUrl } from './lib/versions';
import { isArticle, type ArticleFields } from './content/schemas';

/** A docs entry that is an article of the series. */
type ArticleEntry = CollectionEntry<'docs'> & { data: ArticleFields };

/** An article of the series, as pages show it. */
export interface Article {
	id: string;
	title: string;
	description: string | undefined;
	order: number;
	/** 第一篇 … 第八篇 */
	ordinal: string;
	part: string;
	short: string;
	audience: { id: Audience; label: string }[];
	status: { id: Status } & (typeof STATUSES)[Status];
	topics: string[];
	specs: (SpecCheck & { label: string; url: string })[];
	/** True when a spec has had a newer release than the one the article was checked against. */
	needsUpdate: boolean;
	updated: Date;
	tags: { id: Tag; label: string }[];
	categories: string[];
	/** The page's address, or undefined for an article that has no page yet (a draft). */
	href: string | undefined;
}

/** An article that has a page (its status is not draft). */
export type ArticleWithPage = Article & { href: string };

/** A spec's current release, recorded once in specs.yaml. */
export interface SpecRelease {
	id: SpecId;
	name: string;
	label: string;
	repo: string;
	release: string;
	released: Date;
	url: string;
}

/** Entries of a YAML list collection in the order the file lists them. */
const inFileOrder = <T extends { data: { position: number } }>(entries: T[]) =>
	[...entries].sort((a, b) => a.data.position - b.data.position);

let seriesCache: Promise<Article[]> | undefined;

/** The current release of each OCI spec, in the order of specs.yaml. */
export async function getSpecReleases(): Promise<SpecRelease[]> {
	const entries = inFileOrder(await getCollection('specs'));
	return entries.map(({ data }) => ({
		...SPECS[data.id],
		id: data.id,
		release: data.release,
		released: data.released,
		url: specBlobUrl(SPECS[data.id].repo, data.release),
	}));
}

/** All eight articles in series order, drafts included (they have no `href`). */
export function getSeries(): Promise<Article[]> {
	seriesCache ??= loadSeries();
	return seriesCache;
}

async function loadSeries(): Promise<Article[]> {
	const [entries, releases] = await Promise.all([getCollection('docs'), getSpecReleases()]);
	const current = Object.fromEntries(releases.map((spec) => [spec.id, spec.release])) as Record<SpecId, string>;
	const articles = entries.filter((entry): entry is ArticleEntry => isArticle(entry.data));
	const placed = articles.map((entry) => ({ entry, id: entry.id, filePath: entry.filePath, order: entry.data.series.order }));
	return orderSeries(placed).map(({ entry }) => toArticle(entry, current));
}

function toArticle(entry: ArticleEntry, current: Record<SpecId, string>): Article {
	const { data } = entry;
	const status = STATUSES[data.status];
	const specs = checkSpecs(data.specs, current, `${entry.filePath ?? entry.id}：`).map((check) => ({
		...check,
		label: SPECS[check.spec].label,
		url: specBlobUrl(SPECS[check.spec].repo, check.verified),
	}));
	return {
		id: entry.id,
		title: data.title,
		description: data.description,
		order: data.series.order,
		ordinal: chineseOrdinal(data.series.order),
		part: data.series.part,
		short: data.series.short,
		audience: data.audience.map((id) => ({ id, label: AUDIENCES[id] })),
		status: { id: data.status, ...status },
		topics: data.topics,
		specs,
		needsUpdate: specs.some((spec) => spec.outdated),
		updated: data.updated,
		tags: data.tags.map((id) => ({ id, label: TAGS[id] })),
		categories: data.categories.map((id) => CATEGORIES[id]),
		href: status.hasPage ? `/${entry.id}/` : undefined,
	};
}

/** The article with this id, or undefined when the id is not an article's (a site page, say). */
export async function findArticle(id: string): Promise<Article | undefined> {
	return (await getSeries()).find((article) => article.id === id);
}

/** The articles that have a page, in series order: what the sidebar and previous/next link to. */
export async function getArticlesWithPages(): Promise<ArticleWithPage[]> {
	return (await getSeries()).filter((article): article is ArticleWithPage => article.href !== undefined);
}

/** How far the series has come: articles in all, and how many are published. */
export async function getSeriesProgress(): Promise<{ total: number; published: number }> {
	const series = await getSeries();
	return { total: series.length, published: series.filter((article) => article.status.id === 'published').length };
}

/** A learning path with its steps resolved to articles. */
export interface LearningPath {
	id: string;
	title: string;
	description: string;
	steps: { article: Article; goal: string }[];
}

/** The five learning paths, in the order of paths.yaml. */
export async function getLearningPaths(): Promise<LearningPath[]> {
	const [paths, series] = await Promise.all([getCollection('paths'), getSeries()]);
	const byId = new Map(series.map((article) => [article.id, article]));
	return inFileOrder(paths).map(({ data }) => ({
		id: data.id,
		title: data.title,
		description: data.description,
		steps: data.steps.map((step, index) => {
			const article = byId.get(step.article.id);
			if (!article) {
				throw new Error(
					`src/content/paths.yaml：学习路径 ${data.id} 的第 ${index + 1} 步写的 article: ${step.article.id} 不是任何一篇文章的 id。` +
						`可用的 id：${series.map(({ id }) => id).join('、')}。`,
				);
			}
			return { article, goal: step.goal };
		}),
	}));
}

/** Technical resources grouped by kind, kinds in `RESOURCE_KINDS` order, entries in resources.yaml order. */
export async function getResources() {
	const resources = inFileOrder(await getCollection('resources'));
	return (Object.keys(RESOURCE_KINDS) as ResourceKind[]).map((kind) => ({
		kind,
		label: RESOURCE_KINDS[kind],
		items: resources.filter(({ data }) => data.kind === kind).map(({ data }) => data),
	}));
}

/** The series' promises and their mechanisms, in the order of promises.yaml. */
export async function getPromises() {
	return inFileOrder(await getCollection('promises')).map(({ data }) => data);
}

/** Every tag with the articles that have a page and carry it, in series order. */
export async function getTags() {
	const withPages = await getArticlesWithPages();
	return (Object.keys(TAGS) as Tag[]).map((id) => ({
		id,
		label: TAGS[id],
		articles: withPages.filter((article) => article.tags.some((tag) => tag.id === id)),
	}));
}
