/**
 * Reading Lighthouse results: the figures the benchmark prints for a page and whether the page meets the bar.
 * Works on the plain JSON result (the `lhr`), so tests can pass small hand-made results.
 */

/**
 * The phone every page is measured on, as Lighthouse's benchmarkIndex (its CPU speed test; higher is faster).
 * Lighthouse's simulated throttling slows the trace of the machine that ran it by a fixed factor (4× by default), so
 * the same page "on a phone" was slower on a slower or busier machine: benchmarkIndex ranged from 1,900 to 2,900
 * between runs on one CI machine. Slowing each run by `benchmarkIndex ÷ 480` emulates the same phone on any machine:
 * 480 is what the default 4× gave on the CI machine when the bar was set (1,900 ÷ 4, rounded up).
 */
export const PHONE_BENCHMARK_INDEX = 480;

/** The longest Total Blocking Time (ms) a page may have on that phone, in its worst run. */
export const TBT_BAR_MS = 200;

/** The CPU slowdown that makes a machine of this benchmarkIndex run like the phone, to one decimal. */
export function calibratedSlowdown(benchmarkIndex: number): number {
	if (!(benchmarkIndex > 0)) throw new Error(`benchmarkIndex 应为正数，收到 ${benchmarkIndex}`);
	return Math.round((benchmarkIndex / PHONE_BENCHMARK_INDEX) * 10) / 10;
}

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
	audits: Record<string, { title: string; score: number | null; scoreDisplayMode: string; displayValue?: string; numericValue?: number; details?: unknown }>;
	runtimeError?: { code: string; message: string };
	runWarnings: string[];
}

/** What the benchmark prints for one page. Scores are 0–100 as Lighthouse shows them, or null when not computed. */
export interface PageFigures {
	scores: Record<CategoryId, number | null>;
	/** Total Blocking Time in milliseconds, or null when not computed. */
	tbt: number | null;
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
	const tbt = report.audits['total-blocking-time']?.numericValue;
	return { scores, tbt: tbt === undefined ? null : Math.round(tbt), bytes: total.transferSize, scriptBytes: row('script')?.transferSize ?? 0, requests: total.requestCount };
}

/** Orders runs from best to worst: higher performance first, then shorter Total Blocking Time; not computed is worst. */
function byMerit(a: PageFigures, b: PageFigures): number {
	const performance = (run: PageFigures) => run.scores.performance ?? -1;
	const tbt = (run: PageFigures) => run.tbt ?? Infinity;
	return performance(b) - performance(a) || tbt(a) - tbt(b);
}

/**
 * Of several runs of one page, the index of the median run by performance score, then Total Blocking Time (a score
 * or time Lighthouse could not compute counts as worst); of an even number, the worse of the two middle runs.
 * Performance and Total Blocking Time are timings, so one run can spike on a busy machine; a page is held to those
 * bars in its median run, the way Lighthouse's own guidance on variability recommends, and to every other bar in
 * every run.
 */
export function medianRun(runs: readonly PageFigures[]): number {
	if (runs.length === 0) throw new Error('medianRun() needs at least one run');
	const order = runs.map((_, index) => index).sort((a, b) => byMerit(runs[a]!, runs[b]!) || a - b);
	return order[Math.floor(runs.length / 2)]!;
}

export interface Shortfall {
	category: CategoryId | 'tbt';
	score: number | null;
	bar: number;
}

/**
 * Where a page misses the bar: each category below its bar (a score Lighthouse could not compute counts as below),
 * and a Total Blocking Time over `TBT_BAR_MS`.
 */
export function shortfalls(figures: PageFigures): Shortfall[] {
	const categories: Shortfall[] = CATEGORY_IDS.filter((id) => {
		const score = figures.scores[id];
		return score === null || score < CATEGORIES[id].bar;
	}).map((id) => ({ category: id, score: figures.scores[id], bar: CATEGORIES[id].bar }));
	return figures.tbt === null || figures.tbt > TBT_BAR_MS ? [...categories, { category: 'tbt', score: figures.tbt, bar: TBT_BAR_MS }] : categories;
}

/** Whether a bar is a timing (performance, Total Blocking Time), judged on the median run; the others are judged on every run. */
export function judgedOnMedian(category: Shortfall['category']): boolean {
	return category === 'performance' || category === 'tbt';
}

export interface RunShortfall {
	/** Which run (0-based) missed the bar. */
	run: number;
	/** `calibrated`: at the slowdown calibrated to the phone; `standard`: at Lighthouse's default settings. */
	setting: 'calibrated' | 'standard';
	shortfall: Shortfall;
}

/**
 * Where a page measured over several runs misses the bar: performance and Total Blocking Time at the calibrated
 * slowdown, and performance at the default settings, in the median run of each; every other category in every run.
 */
export function pageShortfalls(calibrated: readonly PageFigures[], standard: readonly PageFigures[]): RunShortfall[] {
	const median = medianRun(calibrated);
	const medianStandard = medianRun(standard);
	return [
		...calibrated.flatMap((figures, run) =>
			shortfalls(figures)
				.filter((shortfall) => !judgedOnMedian(shortfall.category) || run === median)
				.map((shortfall): RunShortfall => ({ run, setting: 'calibrated', shortfall })),
		),
		...shortfalls(standard[medianStandard]!)
			.filter((shortfall) => shortfall.category === 'performance')
			.map((shortfall): RunShortfall => ({ run: medianStandard, setting: 'standard', shortfall })),
	];
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
