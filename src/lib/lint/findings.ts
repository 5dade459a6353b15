/**
 * What every content check returns: a finding at `file:line:column`, named by its rule, explained in Chinese, with
 * either an automatic fix (`npm run lint:fix` applies it) or the replacement a contributor writes by hand.
 */

/** One text replacement in a file: `old` at `offset` (UTF-16 index) becomes `new`. */
export interface Edit {
	offset: number;
	old: string;
	new: string;
}

/** One problem in one file. */
export interface Finding {
	/** Path relative to the project root, with forward slashes. */
	file: string;
	/** 1-based line and column. */
	line: number;
	column: number;
	/** Short rule name, e.g. `排版`, `术语`, `专有名词`, `MD040`, `外部链接`. */
	rule: string;
	/** What is wrong, in Chinese, quoting what was found. */
	message: string;
	/** The change `npm run lint:fix` makes; absent when the contributor must edit by hand. */
	fix?: Edit;
	/** For findings without `fix`: what to write instead. */
	hint?: string;
}

/** The command that applies every automatic fix. */
export const FIX_COMMAND = 'npm run lint:fix';

/** A finding as one line, `file:line:column 规则 说明`, followed by how to fix it. */
export function formatFinding(finding: Finding): string {
	const how = finding.fix ? `运行 ${FIX_COMMAND} 自动修复` : (finding.hint ?? '请手动修改');
	return `${finding.file}:${finding.line}:${finding.column} ${finding.rule} ${finding.message}\n    修复：${how}`;
}

/** Orders findings by file, line and column. */
export function sortFindings(findings: Finding[]): Finding[] {
	return [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** Converts between UTF-16 offsets and 1-based line/column positions of one text. */
export class Positions {
	readonly #lineStarts: number[] = [0];
	readonly text: string;

	constructor(text: string) {
		this.text = text;
		for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.#lineStarts.push(i + 1);
	}

	/** The 1-based line and column of an offset. */
	at(offset: number): { line: number; column: number } {
		let low = 0;
		let high = this.#lineStarts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if (this.#lineStarts[mid]! <= offset) low = mid;
			else high = mid - 1;
		}
		return { line: low + 1, column: offset - this.#lineStarts[low]! + 1 };
	}

	/** The offset of a 1-based line and column. */
	offset(line: number, column: number): number {
		return (this.#lineStarts[line - 1] ?? this.text.length) + column - 1;
	}

	/** The text of a 1-based line, without its newline. */
	line(line: number): string {
		const start = this.#lineStarts[line - 1] ?? this.text.length;
		const end = this.#lineStarts[line] ?? this.text.length + 1;
		return this.text.slice(start, end - 1);
	}
}

/**
 * Applies edits to a text, last first. Skips an edit whose `old` text is no longer at its offset or that overlaps
 * one already applied, so a stale or conflicting fix never corrupts a file; returns how many were applied.
 */
export function applyEdits(text: string, edits: Edit[]): { text: string; applied: number } {
	let result = text;
	let applied = 0;
	let limit = Infinity;
	for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
		if (edit.offset + edit.old.length > limit || !result.startsWith(edit.old, edit.offset)) continue;
		result = result.slice(0, edit.offset) + edit.new + result.slice(edit.offset + edit.old.length);
		limit = edit.offset;
		applied++;
	}
	return { text: result, applied };
}
