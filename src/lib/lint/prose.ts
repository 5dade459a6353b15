/**
 * Which parts of a content file are prose. Each function returns a copy of the text of the same length in which
 * everything that is not prose (code blocks, inline code, URLs, JSX tags, MDX imports and expressions, YAML keys and
 * identifiers) is replaced by spaces, newlines kept, so a finding's offset in the copy is its offset in the file.
 */
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { parse as parseYaml, parseDocument, visit } from 'yaml';

/** A YAML (or JSON) string value: its source text, quotes or block header included, and where it starts. */
export interface StringValue {
	offset: number;
	source: string;
	value: string;
}

/** Chinese, Japanese or Korean characters: what makes a string prose in this project. */
export const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

/** The frontmatter of a Markdown file: the YAML between the `---` lines and where that YAML starts. */
export function frontmatter(text: string): { yaml: string; offset: number; end: number } | undefined {
	const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
	return match ? { yaml: match[1]!, offset: match[0].indexOf('\n') + 1, end: match[0].length } : undefined;
}

/** The fields of an article's frontmatter that the lint reads. */
export interface ArticleFrontmatter {
	status?: string;
	topics?: string[];
	specs?: Record<string, string>;
}

/** The parsed frontmatter of an article (`src/content/docs/<id>.md(x)`), or undefined for a file that is not one. */
export function articleFrontmatter(file: string, text: string): ArticleFrontmatter | undefined {
	if (!/^src\/content\/docs\/[^/]+\.mdx?$/.test(file)) return undefined;
	const fm = frontmatter(text);
	return fm ? ((parseYaml(fm.yaml) as ArticleFrontmatter | null) ?? {}) : {};
}

/** Every string value of a YAML or JSON document (not keys), with its position offset by `base`. */
export function stringValues(yaml: string, base = 0): StringValue[] {
	const values: StringValue[] = [];
	visit(parseDocument(yaml), {
		Scalar(key, node) {
			if (key === 'key' || typeof node.value !== 'string' || !node.range) return;
			values.push({ offset: base + node.range[0], source: yaml.slice(node.range[0], node.range[1]), value: node.value });
		},
	});
	return values;
}

/** Whether a data string reads as prose (has CJK or a space) rather than an identifier such as `oci` or `runc`. */
export function isProse(value: string): boolean {
	return CJK.test(value) || /\s/.test(value.trim());
}

/** A text of spaces (newlines kept) with the given ranges copied back from `text`. */
function keep(text: string, ranges: Iterable<{ offset: number; source: string }>): string {
	const chars = text.replace(/[^\n]/g, ' ').split('');
	for (const { offset, source } of ranges) for (let i = 0; i < source.length; i++) chars[offset + i] = source[i]!;
	return chars.join('');
}

/** Replaces `text[start, end)` with spaces, newlines kept. */
function blank(chars: string[], start: number, end: number) {
	for (let i = start; i < end && i < chars.length; i++) if (chars[i] !== '\n') chars[i] = ' ';
}

/** The prose string values of a YAML or JSON file; everything else blanked. */
export function dataProse(text: string): string {
	return keep(text, stringValues(text).filter((v) => isProse(v.value)));
}

/** MDX lines and spans that are code, not prose: imports, exports, `{/* comments *\/}`, `{expressions}`, `\{#anchors\}`. */
const MDX_CODE = [/^(?:import|export)\s.*$/gm, /\{\/\*[\s\S]*?\*\/\}/g, /\\\{#[^}\n]*\\\}/g, /\{[^{}\n]*\}/g];

/** A bare URL in running text, up to whitespace, a quote, an angle bracket or CJK punctuation. */
export const BARE_URL = /https?:\/\/[^\s<>"'`]+/g;

/** Attributes of HTML and JSX elements whose values readers see or hear: a diagram's caption and description … */
const PROSE_ATTRIBUTE = /\b(?:caption|description|title|alt|aria-label)="([^"]*)"/g;

/** Text between two tags, such as the label of an SVG `<text>` element. */
const TEXT_BETWEEN_TAGS = />([^<>{}]+)</g;

/**
 * The parts of an HTML or JSX block that are prose, as `{ offset, source }` ranges of the file: the values of
 * attributes readers see or hear (`PROSE_ATTRIBUTE`) and Chinese text between tags (an SVG diagram's labels).
 */
export function proseInMarkup(text: string, start: number, end: number): { offset: number; source: string; attribute: boolean }[] {
	const markup = text.slice(start, end);
	const ranges: { offset: number; source: string; attribute: boolean }[] = [];
	for (const m of markup.matchAll(PROSE_ATTRIBUTE)) ranges.push({ offset: start + m.index + m[0].indexOf('"') + 1, source: m[1]!, attribute: true });
	for (const m of markup.matchAll(TEXT_BETWEEN_TAGS)) if (CJK.test(m[1]!)) ranges.push({ offset: start + m.index + 1, source: m[1]!, attribute: false });
	return ranges;
}

/** The prose attribute values (`PROSE_ATTRIBUTE`) of every HTML and JSX block of a Markdown or MDX file. */
export function proseAttributes(text: string): { offset: number; source: string }[] {
	const ranges: { offset: number; source: string }[] = [];
	walk(parseMarkdown(text), (node) => {
		const start = node.position?.start.offset;
		const end = node.position?.end.offset;
		if (node.type !== 'html' || start === undefined || end === undefined) return;
		ranges.push(...proseInMarkup(text, start, end).filter((range) => range.attribute));
	});
	return ranges;
}

/**
 * The prose of a Markdown or MDX file: paragraphs, headings, lists, tables, link text, frontmatter string values
 * that read as prose, and the prose inside HTML and JSX (`proseInMarkup`). Blanked: code blocks and spans, other
 * HTML and JSX, link destinations, images, MDX code, bare URLs.
 */
export function markdownProse(text: string): string {
	const chars = withoutCode(text).split('');
	for (const pattern of [BARE_URL]) for (const m of text.matchAll(pattern)) blank(chars, m.index, m.index + m[0].length);
	walk(parseMarkdown(text), (node) => {
		const start = node.position?.start.offset;
		const end = node.position?.end.offset;
		if (start === undefined || end === undefined) return;
		if (node.type === 'html' || node.type === 'image' || node.type === 'definition') blank(chars, start, end);
		if (node.type === 'html') for (const { offset, source } of proseInMarkup(text, start, end)) chars.splice(offset, source.length, ...source.split(''));
		if (node.type === 'link') blank(chars, node.children.at(-1)?.position?.end.offset ?? start, end);
	});
	return chars.join('');
}

/**
 * A Markdown or MDX file without its code: code blocks and spans, MDX imports, exports, comments and expressions,
 * and frontmatter other than its string values are blanked. Link destinations and HTML stay, for the link check.
 */
export function withoutCode(text: string): string {
	const fm = frontmatter(text);
	const chars = text.split('');
	if (fm) {
		const values = keep(fm.yaml, stringValues(fm.yaml).filter((v) => isProse(v.value) || /^https?:/.test(v.value)));
		blank(chars, 0, fm.end);
		for (let i = 0; i < values.length; i++) if (values[i] !== ' ') chars[fm.offset + i] = values[i]!;
	}
	for (const pattern of MDX_CODE) for (const m of text.matchAll(pattern)) blank(chars, m.index, m.index + m[0].length);
	walk(parseMarkdown(text), (node) => {
		if (node.type !== 'code' && node.type !== 'inlineCode') return;
		blank(chars, node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
	});
	return chars.join('');
}

/** Parses Markdown with the frontmatter blanked, so offsets match the file. */
export function parseMarkdown(text: string) {
	const fm = frontmatter(text);
	return fromMarkdown(fm ? text.slice(0, fm.end).replace(/[^\n]/g, ' ') + text.slice(fm.end) : text);
}

/** Calls `visit` on every node of an mdast tree. */
export function walk(node: Nodes, visitNode: (node: Nodes) => void) {
	visitNode(node);
	if ('children' in node) for (const child of node.children) walk(child, visitNode);
}

/**
 * The prose of an Astro component: template text between tags. Blanked: the frontmatter script, `<style>`,
 * `<script>`, comments, tags with their attributes, and `{expressions}` (with any markup inside them).
 */
export function astroProse(text: string): string {
	const chars = text.split('');
	const patterns = [/^---\r?\n[\s\S]*?\r?\n---/g, /<style[\s\S]*?<\/style>/g, /<script[\s\S]*?<\/script>/g, /<!--[\s\S]*?-->/g];
	for (const pattern of patterns) for (const m of text.matchAll(pattern)) blank(chars, m.index, m.index + m[0].length);
	let depth = 0;
	let start = 0;
	for (let i = 0; i < chars.length; i++) {
		if (chars[i] === '{' && depth++ === 0) start = i;
		else if (chars[i] === '}' && depth > 0 && --depth === 0) blank(chars, start, i + 1);
	}
	const rest = chars.join('');
	for (const m of rest.matchAll(/<[A-Za-z/!][^>]*>/g)) blank(chars, m.index, m.index + m[0].length);
	return chars.join('');
}

/** The prose of a content file, chosen by its extension. */
export function proseOf(file: string, text: string): string {
	if (/\.mdx?$/.test(file)) return markdownProse(text);
	if (/\.(ya?ml|json)$/.test(file)) return dataProse(text);
	if (file.endsWith('.astro')) return astroProse(text);
	throw new Error(`不知道怎样从 ${file} 中取出正文`);
}
