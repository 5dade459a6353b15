/**
 * What opening a page costs the browser's main thread, from the Chrome DevTools Protocol's `Performance.getMetrics`
 * (durations in seconds since the page started): all tasks, and the parts spent on style, layout and script.
 */

/** A metric as `Performance.getMetrics` returns it. */
export interface Metric {
	name: string;
	value: number;
}

/** Main-thread time of one page load, in milliseconds. */
export interface MainThreadFigures {
	/** Every task on the main thread, HTML parsing included. */
	tasks: number;
	/** Style recalculation. */
	style: number;
	layout: number;
	script: number;
}

/** The main-thread figures of a page load, in milliseconds, from its DevTools metrics. */
export function mainThreadFigures(metrics: readonly Metric[]): MainThreadFigures {
	const ms = (name: string) => {
		const metric = metrics.find((entry) => entry.name === name);
		if (!metric) throw new Error(`DevTools 的 Performance.getMetrics 结果里没有 ${name}`);
		return Math.round(metric.value * 1000);
	};
	return { tasks: ms('TaskDuration'), style: ms('RecalcStyleDuration'), layout: ms('LayoutDuration'), script: ms('ScriptDuration') };
}
