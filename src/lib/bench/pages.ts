/** Which pages of a build the benchmarks measure, derived from the build's own sitemap and the article files. */
import { STATUSES } from '../vocabulary.ts';

/** The pages that are not articles and are always measured: the home page, the contributors' guide, the tag index. */
export const FIXED_PAGES = [
	{ path: '/', label: '首页' },
	{ path: '/contributing/', label: '贡献指南' },
	{ path: '/tags/', label: '标签索引' },
] as const;

/** The paths listed in a sitemap (`<loc>` elements), without the origin: `['/', '/tags/']`. */
export function sitemapPaths(xml: string): string[] {
	return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!.trim()).pathname);
}

/** What the benchmarks need to know about an article file. */
export interface ArticleEntry {
	/** The file name without extension, which is also its page's slug: `oci-02-runtime-spec`. */
	id: string;
	/** Its frontmatter `status`. */
	status: string;
}

export interface MeasuredPage {
	path: string;
	label: string;
}

export interface SkippedArticle {
	id: string;
	/** Why it has no page, in Chinese. */
	reason: string;
}

export interface PageSelection {
	measure: MeasuredPage[];
	skipped: SkippedArticle[];
	/** Pages that should be in the build and are not; a benchmark fails when this is not empty. */
	missing: string[];
}

/**
 * The pages to measure: the fixed pages and every article that has a page in the sitemap. An article without a page
 * is skipped with the reason; one whose status promises a page but has none is reported missing, as is a fixed page.
 */
export function selectPages(paths: readonly string[], articles: readonly ArticleEntry[]): PageSelection {
	const built = new Set(paths);
	const selection: PageSelection = { measure: [], skipped: [], missing: [] };
	for (const page of FIXED_PAGES) {
		if (built.has(page.path)) selection.measure.push({ ...page });
		else selection.missing.push(`${page.label} ${page.path}：不在 sitemap 里`);
	}
	for (const article of articles) {
		const path = `/${article.id}/`;
		const status = STATUSES[article.status as keyof typeof STATUSES];
		if (built.has(path)) selection.measure.push({ path, label: article.id });
		else if (status && !status.hasPage) selection.skipped.push({ id: article.id, reason: `status: ${article.status}（${status.label}），不生成页面` });
		else selection.missing.push(`${article.id} ${path}：status: ${article.status} 应有页面，sitemap 里却没有`);
	}
	return selection;
}
