/**
 * Reading Lighthouse results: the figures the benchmark prints for a page and whether the page meets the bar.
 * Works on the plain JSON result (the `lhr`), so tests can pass small hand-made results.
 */

/** The Lighthouse categories measured, with their Chinese names and the lowest score (0–100) a page may have. */
export const CATEGORIES = {
	performance: { label: '性能', bar: 95 },
	accessibility: { label: '无障碍', bar: 100 },
	'best-practices': { label: '最佳实践', bar: 100 },
	seo: { label: 'SEO', bar: 100 },
} as const;

export type CategoryId = keyof typeof CATEGORIES;
export const CATEGORY_IDS = Object.keys(CATEGORIES) as CategoryId[];

/** The part of a Lighthouse result (`LH.Result`) this module reads. */
export interface LighthouseReport {
	categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
	audits: Record<string, { title: string; score: number | null; scoreDisplayMode: string; displayValue?: string; details?: unknown }>;
	runtimeError?: { code: string; message: string };
	runWarnings: string[];
}

/** What the benchmark prints for one page. Scores are 0–100 as Lighthouse shows them, or null when not computed. */
export interface PageFigures {
	scores: Record<CategoryId, number | null>;
	/** Transfer size of everything the page loaded. */
	bytes: number;
	/** Transfer size of its JavaScript. */
	scriptBytes: number;
	requests: number;
}

interface SummaryRow {
	resourceType: string;
	requestCount: number;
	transferSize: number;
}

/** Scores, bytes, JavaScript bytes and requests of one page, from its `resource-summary` audit. */
export function pageFigures(report: LighthouseReport): PageFigures {
	const rows = (report.audits['resource-summary']?.details as { items?: SummaryRow[] } | undefined)?.items;
	const row = (type: string) => rows?.find((item) => item.resourceType === type);
	const total = row('total');
	if (!total) throw new Error(`Lighthouse 结果里没有 resource-summary 审计${report.runtimeError ? `：${report.runtimeError.message}` : ''}`);
	const scores = Object.fromEntries(
		CATEGORY_IDS.map((id) => {
			const score = report.categories[id]?.score;
			return [id, score === null || score === undefined ? null : Math.round(score * 100)];
		}),
	) as Record<CategoryId, number | null>;
	return { scores, bytes: total.transferSize, scriptBytes: row('script')?.transferSize ?? 0, requests: total.requestCount };
}

/** Of several runs of one page, the index of the one with the median performance score (the first such run). */
export function medianRun(runs: readonly PageFigures[]): number {
	if (runs.length === 0) throw new Error('medianRun() needs at least one run');
	const order = runs.map((run, index) => ({ index, score: run.scores.performance ?? -1 })).sort((a, b) => a.score - b.score || a.index - b.index);
	return order[Math.floor((order.length - 1) / 2)]!.index;
}

export interface Shortfall {
	category: CategoryId;
	score: number | null;
	bar: number;
}

/** The categories in which a page scores below the bar; a score Lighthouse could not compute counts as below. */
export function shortfalls(figures: PageFigures): Shortfall[] {
	return CATEGORY_IDS.filter((id) => {
		const score = figures.scores[id];
		return score === null || score < CATEGORIES[id].bar;
	}).map((id) => ({ category: id, score: figures.scores[id], bar: CATEGORIES[id].bar }));
}

export interface FailedAudit {
	id: string;
	title: string;
	/** Lighthouse's own summary of the finding, like `2.9 s` or `Est savings of 26 KiB`. */
	displayValue?: string;
	/** How much the audit counts towards the category score (0 for advice that does not move it). */
	weight: number;
}

/** Modes in which an audit's score says pass or fail; informative and manual audits are left out. */
const SCORED = new Set(['binary', 'numeric', 'metricSavings']);

/** The audits of a category that did not fully pass, the ones that weigh most on its score first. */
export function failedAudits(report: LighthouseReport, category: CategoryId): FailedAudit[] {
	return (report.categories[category]?.auditRefs ?? [])
		.flatMap((ref) => {
			const audit = report.audits[ref.id];
			if (!audit || audit.score === null || audit.score >= 1 || !SCORED.has(audit.scoreDisplayMode)) return [];
			return [{ id: ref.id, title: audit.title, weight: ref.weight, ...(audit.displayValue ? { displayValue: audit.displayValue } : {}) }];
		})
		.sort((a, b) => b.weight - a.weight);
}

/** A score as printed in the table: the number, marked with `✗` when below the bar, or `—` when not computed. */
export function formatScore(category: CategoryId, score: number | null): string {
	if (score === null) return '— ✗';
	return score < CATEGORIES[category].bar ? `${score} ✗` : String(score);
}
