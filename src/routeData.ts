/**
 * Route data from the series: the sidebar's 系列文章 group lists the articles that have a page in series order;
 * on an article, previous/next follow the series, and an article still in review, or checked against an older
 * spec release, says so in a banner.
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { FIELD_LABELS, SERIES_SIDEBAR_GROUP } from './lib/vocabulary';
import { getArticlesWithPages, type Article, type ArticleWithPage } from './queries';

/** A Starlight sidebar link to an article with a page. */
const link = (article: ArticleWithPage, currentId: string) => ({
	type: 'link' as const,
	href: article.href,
	label: `${article.order}. ${article.short}`,
	isCurrent: article.id === currentId,
	badge: article.status.id === 'published' ? undefined : { text: article.status.label, variant: article.status.badge },
	attrs: {},
});

/** While no article has a page yet, the series group points readers to the writing progress on the home page. */
const progressLink = {
	type: 'link' as const,
	href: '/#series',
	label: '写作进度',
	isCurrent: false,
	badge: undefined,
	attrs: {},
};

/** A banner text for an article that readers should treat with care, or undefined. */
function notice(article: Article): string | undefined {
	const notices: string[] = [];
	if (article.status.id === 'review') notices.push(`${article.status.label}：${article.status.readerNote}`);
	const outdated = article.specs.filter((spec) => spec.outdated);
	if (outdated.length > 0) {
		const which = outdated.map((spec) => `${spec.label} ${spec.verified}（当前 ${spec.current}）`).join('、');
		notices.push(`${FIELD_LABELS.needsUpdate}：本文核对的是 ${which}，尚未按新版本复核。`);
	}
	return notices.length > 0 ? notices.join('<br>') : undefined;
}

export const onRequest = defineRouteMiddleware(async (context) => {
	const route = context.locals.starlightRoute;
	const withPage = await getArticlesWithPages();

	const group = route.sidebar.find((entry) => entry.type === 'group' && entry.label === SERIES_SIDEBAR_GROUP);
	if (group?.type === 'group') group.entries = withPage.length > 0 ? withPage.map((article) => link(article, route.id)) : [progressLink];

	const index = withPage.findIndex((article) => article.id === route.id);
	const article = withPage[index];
	if (!article) return;
	const [prev, next] = [withPage[index - 1], withPage[index + 1]];
	route.pagination = { prev: prev && link(prev, route.id), next: next && link(next, route.id) };
	const banner = notice(article);
	if (banner) route.entry.data.banner = { content: banner };
});
