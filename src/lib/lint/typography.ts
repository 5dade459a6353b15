/**
 * Chinese typography (CONTRIBUTING.md, 写作规范): spacing and punctuation by AutoCorrect (`autocorrect-node`, configured by
 * `.autocorrectrc`), run only where it is safe — the Markdown body, the prose attributes of its HTML and JSX (a
 * diagram's caption and description), YAML and JSON string values one by one (AutoCorrect's own YAML grammar would
 * turn the comma of `{ a: 中文, b: … }` into `，`), Astro templates — and the one CommonMark
 * trap AutoCorrect cannot see: bold text ending in punctuation right before more text.
 */
import { lintFor, loadConfig } from 'autocorrect-node';
import { diffChars } from 'diff';
import type { Finding } from './findings.ts';
import { Positions } from './findings.ts';
import { CJK, frontmatter, proseAttributes, stringValues } from './prose.ts';

/** Loads the project's `.autocorrectrc` (YAML) into AutoCorrect; call once before `checkTypography`. */
export function configureAutoCorrect(autocorrectrc: string): void {
	loadConfig(autocorrectrc);
}

/** A piece of a file that AutoCorrect reads on its own: its text, where it starts and which grammar to use. */
interface Piece {
	offset: number;
	text: string;
	/** A file name whose extension tells AutoCorrect the grammar (`.astro` maps to HTML in `.autocorrectrc`). */
	as: string;
}

/** The pieces of a content file AutoCorrect checks. */
function pieces(file: string, text: string): Piece[] {
	if (/\.mdx?$/.test(file)) {
		const fm = frontmatter(text);
		if (!fm) return [{ offset: 0, text, as: file }];
		const body = text.slice(0, fm.end).replace(/[^\n]/g, ' ') + text.slice(fm.end);
		const attributes = proseAttributes(text)
			.filter((range) => CJK.test(range.source))
			.map((range) => ({ offset: range.offset, text: range.source, as: 'value.txt' }));
		return [{ offset: 0, text: body, as: file }, ...stringPieces(fm.yaml, fm.offset), ...attributes];
	}
	if (/\.(ya?ml|json)$/.test(file)) return stringPieces(text, 0);
	// An Astro file's frontmatter is TypeScript, not prose: blank it (same length) so only the template is checked.
	const code = /^---\r?\n[\s\S]*?\r?\n---/.exec(text);
	return [{ offset: 0, text: code ? code[0].replace(/[^\n]/g, ' ') + text.slice(code[0].length) : text, as: file }];
}

/** YAML or JSON string values with CJK, each read by AutoCorrect as plain text. */
function stringPieces(yaml: string, base: number): Piece[] {
	return stringValues(yaml, base)
		.filter((v) => CJK.test(v.value))
		.map((v) => ({ offset: v.offset, text: v.source, as: 'value.txt' }));
}

/** Spacing and punctuation findings from AutoCorrect, each with the fix `npm run lint:fix` applies. */
export function checkTypography(file: string, text: string): Finding[] {
	const positions = new Positions(text);
	const findings: Finding[] = [];
	for (const piece of pieces(file, text)) {
		const result = lintFor(piece.text, piece.as);
		if (result.error) throw new Error(`AutoCorrect 无法检查 ${file}：${result.error}`);
		const local = new Positions(piece.text);
		for (const line of result.lines) {
			const lineText = local.line(line.l);
			const column = lineText.startsWith(line.old, line.c - 1) ? line.c : lineText.indexOf(line.old) + 1;
			if (column === 0) continue;
			const offset = piece.offset + local.offset(line.l, column);
			const fixed = keepSpaceAfterUrls(line.new);
			const found = changes(line.old, fixed);
			const first = found[0];
			if (!first) continue;
			const reasons = [...new Set(found.map(describe))].join('；');
			const groups = group(found, line.old);
			const shown = groups.slice(0, 3).map((g) => `「${line.old.slice(g.from, g.to)}」应为「${fixed.slice(g.fromNew, g.toNew)}」`);
			findings.push({
				file,
				...positions.at(offset + first.at),
				rule: '排版',
				message: `${reasons}：${shown.join('，')}${groups.length > 3 ? `，等 ${groups.length} 处` : ''}`,
				fix: { offset, old: line.old, new: fixed },
			});
		}
	}
	return findings;
}

/**
 * Puts back the space AutoCorrect removes between a bare URL and the Chinese punctuation after it: without it, GFM
 * reads the punctuation as part of the URL. (The link check asks for `<URL>` or `[文字](URL)` instead.)
 */
function keepSpaceAfterUrls(text: string): string {
	return text.replace(/(https?:\/\/[^\s<>"'`\u0080-\uffff]+)(?=[^\s\x00-\x7f])/g, '$1 ');
}

/**
 * Changes shown as excerpts: changes separated only by an English word (or by at most four characters) share one
 * excerpt, which reaches two characters or a whole English word beyond them.
 */
function group(found: Change[], old: string): { from: number; to: number; fromNew: number; toNew: number }[] {
	const runs: { first: Change; last: Change }[] = [];
	for (const change of found) {
		const run = runs.at(-1);
		const gap = run ? old.slice(run.last.at + run.last.old.length, change.at) : '';
		if (run && (gap.length <= 4 || /^[A-Za-z0-9.]+$/.test(gap))) run.last = change;
		else runs.push({ first: change, last: change });
	}
	const word = /[A-Za-z0-9]/;
	return runs.map(({ first, last }, i) => {
		const previousEnd = i > 0 ? runs[i - 1]!.last.at + runs[i - 1]!.last.old.length : 0;
		const nextStart = runs[i + 1]?.first.at ?? old.length;
		let before = 0;
		while (first.at - before > previousEnd && (before < 2 || word.test(old[first.at - before - 1] ?? '')) && before < 16) before++;
		const end = last.at + last.old.length;
		let after = 0;
		while (end + after < nextStart && (after < 2 || word.test(old[end + after] ?? '')) && after < 16) after++;
		return { from: first.at - before, to: end + after, fromNew: first.atNew - before, toNew: last.atNew + last.new.length + after };
	});
}

/** One change AutoCorrect made within a line: where in the old and new text, and what was replaced by what. */
interface Change {
	at: number;
	atNew: number;
	old: string;
	new: string;
}

/** The separate changes between a line and AutoCorrect's version of it, character by character. */
function changes(before: string, after: string): Change[] {
	const result: Change[] = [];
	let at = 0;
	let atNew = 0;
	let pending: Change | undefined;
	for (const part of diffChars(before, after)) {
		if (!part.added && !part.removed) {
			if (pending) result.push(pending);
			pending = undefined;
			at += part.value.length;
			atNew += part.value.length;
			continue;
		}
		pending ??= { at, atNew, old: '', new: '' };
		if (part.removed) {
			pending.old += part.value;
			at += part.value.length;
		} else {
			pending.new += part.value;
			atNew += part.value.length;
		}
	}
	if (pending) result.push(pending);
	return result;
}

/** Names what AutoCorrect changed, in the words of CONTRIBUTING.md's writing rules. */
function describe(change: { old: string; new: string }): string {
	if (change.old === '' && change.new.trim() === '') return '中英文之间、中文与数字之间加一个空格';
	if (change.old.trim() === '' && change.new === '') return '全角标点与其他字符之间不加空格';
	if (/[,.:;?!()]/.test(change.old) && /[，。：；？！（）]/.test(change.new)) return '中文语境用全角标点';
	if (/[，。：；？！（）]/.test(change.old) && /[,.:;?!()]/.test(change.new)) return '英文语境用半角标点';
	return '中文排版';
}

/**
 * Finds `**…：**正文`: bold text ending in punctuation right before more text, which CommonMark leaves as literal
 * asterisks (CONTRIBUTING.md, 写作规范). `**` markers are paired in order within a line; the fix moves the punctuation
 * out.
 */
export function checkBoldPunctuation(file: string, prose: string): Finding[] {
	const positions = new Positions(prose);
	const findings: Finding[] = [];
	let lineStart = 0;
	for (const line of prose.split('\n')) {
		const markers = [...line.matchAll(/\*\*/g)].map((m) => m.index);
		for (let i = 0; i + 1 < markers.length; i += 2) {
			const [open, close] = [markers[i]!, markers[i + 1]!];
			const punctuation = line[close - 1] ?? '';
			const next = line[close + 2];
			if (close - open < 3 || !/\p{P}/u.test(punctuation) || next === undefined || /[\s\p{P}\p{S}]/u.test(next)) continue;
			const bold = line.slice(open, close + 2);
			const offset = lineStart + close - 1;
			findings.push({
				file,
				...positions.at(lineStart + open),
				rule: '粗体',
				message: `「${bold}」以标点结尾、后面紧跟文字，CommonMark 不会把它渲染成粗体`,
				fix: { offset, old: `${punctuation}**`, new: `**${punctuation}` },
			});
		}
		lineStart += line.length + 1;
	}
	return findings;
}
