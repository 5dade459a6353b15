/**
 * Route data for article pages: previous/next follow the series order (skipping articles without a page),
 * and an article that is still in review, or was checked against an older spec release, says so in a banner.
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { getSeries, type Article } from './queries';

const link = (article: Article | undefined) =>
	article?.href
		? { type: 'link' as const, href: article.href, label: `${article.ordinal}：${article.short}`, isCurrent: false, badge: undefined, attrs: {} }
		: undefined;

export const onRequest = defineRouteMiddleware(async (context) => {
	const route = context.locals.starlightRoute;
	const published = (await getSeries()).filter((article) => article.href);
	const index = published.findIndex((article) => article.id === route.id);
	const article = published[index];
	if (!article) return;

	route.pagination = { prev: link(published[index - 1]), next: link(published[index + 1]) };

	const notices: string[] = [];
	if (article.status.id === 'review') notices.push(`本文${article.status.label}：${article.status.meaning}`);
	const outdated = article.specs.filter((spec) => spec.outdated);
	if (outdated.length > 0) {
		const which = outdated.map((spec) => `${spec.label} ${spec.verified}（当前 ${spec.current}）`).join('、');
		notices.push(`待更新：本文核对的是 ${which}，尚未按新版本复核。`);
	}
	if (notices.length > 0) route.entry.data.banner = { content: notices.join('<br>') };
});
