/** Ordering and checking the series as a whole: what one article's schema cannot see on its own. */
import { SERIES_LENGTH, type SpecId } from './vocabulary';
import { compareReleases } from './versions';

/** The least an article needs for the series to be ordered: its id, its file and its place. */
export interface Placed {
	id: string;
	filePath?: string | undefined;
	order: number;
}

/**
 * Sorts articles by their place in the series, and throws a contributor-readable error when two articles claim
 * the same place or a place from 1 to `length` is empty.
 */
export function orderSeries<T extends Placed>(articles: readonly T[], length = SERIES_LENGTH): T[] {
	const problems: string[] = [];
	const byOrder = new Map<number, T[]>();
	for (const article of articles) byOrder.set(article.order, [...(byOrder.get(article.order) ?? []), article]);
	for (const [order, claimants] of byOrder) {
		if (claimants.length > 1) {
			const files = claimants.map((a) => a.filePath ?? a.id).join('、');
			problems.push(`series.order: ${order} 被 ${claimants.length} 篇文章同时占用：${files}。每个位置只能有一篇文章，请改动其中一篇的 series.order。`);
		}
	}
	for (let order = 1; order <= length; order++) {
		if (!byOrder.has(order)) problems.push(`系列第 ${order} 篇缺失：没有文章的 series.order 是 ${order}。本系列共 ${length} 篇，1 到 ${length} 每个位置都要有一篇（未完成的写 status: draft）。`);
	}
	if (problems.length > 0) throw new Error(`系列文章的编号有误：\n- ${problems.join('\n- ')}`);
	return [...articles].sort((a, b) => a.order - b.order);
}

/** One spec an article was checked against, and whether a newer release has come out since. */
export interface SpecCheck {
	spec: SpecId;
	verified: string;
	current: string;
	outdated: boolean;
}

/**
 * Compares the releases an article was checked against with the current releases. Throws when an article claims a
 * release newer than the current one, which can only be a typo: `where` names the article in the message.
 */
export function checkSpecs(
	verified: Partial<Record<SpecId, string | undefined>>,
	current: Readonly<Record<SpecId, string>>,
	where = '',
): SpecCheck[] {
	return (Object.keys(current) as SpecId[]).flatMap((spec) => {
		const release = verified[spec];
		if (!release) return [];
		const order = compareReleases(release, current[spec]);
		if (order > 0) {
			throw new Error(`${where}specs.${spec} 写的是 ${release}，比 src/content/specs.yaml 记录的当前发布版本 ${current[spec]} 还新。请写实际核对所依据的发布版本；若规范确有新版本，先更新 specs.yaml。`);
		}
		return [{ spec, verified: release, current: current[spec], outdated: order < 0 }];
	});
}

/** A date as readers in China write it: 2026 年 11 月 26 日. */
export function formatDate(date: Date): string {
	return `${date.getUTCFullYear()} 年 ${date.getUTCMonth() + 1} 月 ${date.getUTCDate()} 日`;
}
