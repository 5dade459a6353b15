/** How the benchmarks print figures: sizes, durations, ratios and plain-text tables that line up with Chinese text. */

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** A byte count in decimal units (1 KB = 1000 B) with one decimal: `812 B`, `12.3 KB`, `1.2 MB`. */
export function formatBytes(bytes: number): string {
	let value = bytes;
	let unit = 0;
	while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
		value /= 1000;
		unit++;
	}
	return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** A duration given in milliseconds, printed in seconds with one decimal: `4.2 s`. */
export function formatSeconds(milliseconds: number): string {
	return `${(milliseconds / 1000).toFixed(1)} s`;
}

/** `ours ÷ reference` with two decimals (`1.08×`), or `—` when the reference is zero. */
export function formatRatio(ours: number, reference: number): string {
	return reference === 0 ? '—' : `${(ours / reference).toFixed(2)}×`;
}

/** The middle value of a non-empty list (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
	if (values.length === 0) throw new Error('median() needs at least one value');
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Characters a terminal draws two columns wide: CJK ideographs and punctuation, kana, Hangul, fullwidth forms. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** How many terminal columns a string takes, counting wide characters as two. */
export function displayWidth(text: string): number {
	let width = 0;
	for (const char of text) width += WIDE.test(char) ? 2 : 1;
	return width;
}

export interface Column {
	title: string;
	/** Numbers are right-aligned; text is left-aligned (the default). */
	align?: 'left' | 'right';
}

/** A plain-text table: a heading row, a rule, then one line per row, columns padded to their widest cell. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
	const widths = columns.map((column, i) => Math.max(displayWidth(column.title), ...rows.map((row) => displayWidth(row[i] ?? ''))));
	const line = (cells: readonly string[]) =>
		columns
			.map((column, i) => {
				const cell = cells[i] ?? '';
				const padding = ' '.repeat(widths[i]! - displayWidth(cell));
				return column.align === 'right' ? padding + cell : cell + padding;
			})
			.join('  ')
			.trimEnd();
	const rule = widths.map((width) => '─'.repeat(width)).join('  ');
	return [line(columns.map((column) => column.title)), rule, ...rows.map(line)].join('\n');
}
