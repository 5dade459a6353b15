/**
 * Finds the JSON examples a reader can copy — fenced code blocks in the articles and example files next to them —
 * and checks each with `checkJsonExample`, reporting problems as `file:line`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { mdxFromMarkdown } from 'mdast-util-mdx';
import { mdxjs } from 'micromark-extension-mdxjs';
import type { Code } from 'mdast';
import { isOciKind } from './kinds.ts';
import type { OciValidators } from './schemas.ts';
import { checkJsonExample } from './validate.ts';
import type { JsonDialect } from './validate.ts';

/** A problem in a file a reader sees, with the 1-based line in that file. */
export interface ExampleProblem {
	file: string;
	line: number;
	/** Which example: the code block's info string, or the example file's role. */
	example: string;
	message: string;
}

/** A fenced code block with its info string and the line of its first content line. */
export interface CodeBlock {
	lang: string;
	meta: string;
	text: string;
	/** 1-based line of the opening fence. */
	fenceLine: number;
}

/** Whether a file is parsed as MDX (JSX, expressions and ESM), not plain Markdown. */
export function isMdxFile(file: string): boolean {
	return file.endsWith('.mdx');
}

/**
 * The fenced code blocks of a Markdown or MDX text, in order. MDX is parsed as MDX, so a block directly inside a
 * component (`<TabItem>`, `<Aside>`), with or without blank lines or indentation, is found as Astro renders it.
 */
export function extractCodeBlocks(markdown: string, mdx = false): CodeBlock[] {
	const blocks: CodeBlock[] = [];
	const visit = (node: { type: string; children?: unknown[] }) => {
		if (node.type === 'code') {
			const code = node as Code;
			if (code.lang) blocks.push({ lang: code.lang, meta: code.meta ?? '', text: code.value, fenceLine: code.position?.start.line ?? 1 });
		}
		for (const child of (node.children ?? []) as { type: string }[]) visit(child);
	};
	visit(mdx ? fromMarkdown(markdown, { extensions: [mdxjs()], mdastExtensions: [mdxFromMarkdown()] }) : fromMarkdown(markdown));
	return blocks;
}

/** The `oci=` declaration in a code block's meta string, e.g. `oci=image-manifest title="x"` → `image-manifest`. */
export function declaredKind(meta: string): string | undefined {
	return /(?:^|\s)oci=(["']?)([\w-]+)\1(?=\s|$)/.exec(meta)?.[2];
}

/** The languages whose blocks are checked, with the dialect they are parsed as. */
const checkedLanguages: Record<string, JsonDialect> = { json: 'json', jsonc: 'jsonc', json5: 'jsonc' };

/** Checks every JSON code block of one article. */
export function checkArticle(file: string, markdown: string, validators: OciValidators): ExampleProblem[] {
	let blocks: CodeBlock[];
	try {
		blocks = extractCodeBlocks(markdown, isMdxFile(file));
	} catch (error) {
		const place = error as { line?: number; message?: string };
		const message = `MDX 无法解析，代码块无法检查：${place.message ?? String(error)}。请修正这一处 MDX 语法（Astro 构建也会在这里失败）。`;
		return [{ file, line: place.line ?? 1, example: 'MDX 文件', message }];
	}
	return blocks.flatMap((block) => {
		const dialect = checkedLanguages[block.lang];
		if (!dialect) return [];
		const example = `\`\`\`${[block.lang, block.meta].filter(Boolean).join(' ')} 代码块（第 ${block.fenceLine} 行起）`;
		return checkJsonExample(block.text, dialect, declaredKind(block.meta), validators).map((issue) => ({
			file,
			line: block.fenceLine + issue.line,
			example,
			message: issue.message,
		}));
	});
}

/**
 * How an example file declares its kind: `oci-layout` is the layout file; `<name>.<kind>.json` (e.g.
 * `busybox.image-manifest.json`) declares a kind; `<name>.none.json` is not an OCI object; other `.json` files declare nothing.
 */
export function exampleFileKind(file: string): string | undefined {
	const name = basename(file);
	if (name === 'oci-layout') return 'image-layout';
	const suffix = /\.([\w-]+)\.json$/.exec(name)?.[1];
	return suffix && (isOciKind(suffix) || suffix === 'none') ? suffix : undefined;
}

/** Whether a file in an article's example folder is a JSON example to check (lab recordings' metadata is not). */
export function isJsonExampleFile(file: string): boolean {
	if (file.endsWith('.lab.json')) return false;
	return file.endsWith('.json') || basename(file) === 'oci-layout';
}

/** Checks one example file. */
export function checkExampleFile(file: string, text: string, validators: OciValidators): ExampleProblem[] {
	const kind = exampleFileKind(file);
	const declareHow = (guess: string) => `把文件改名为 ${basename(file, '.json')}.${guess}.json`;
	return checkJsonExample(text, 'json', kind, validators, declareHow).map((issue) => ({
		file,
		line: issue.line,
		example: kind ? `示例文件（oci=${kind}）` : '示例文件',
		message: issue.message,
	}));
}

/** Every file below a folder, recursively, as paths joined to it. */
export function listFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? listFiles(path) : [path];
	});
}

/** Checks all articles (`.md`/`.mdx`) and JSON example files below the docs folder; paths are reported relative to `root`. */
export function checkDocsExamples(docsDir: string, root: string, validators: OciValidators): ExampleProblem[] {
	return listFiles(docsDir).flatMap((path) => {
		const file = relative(root, path);
		if (/\.mdx?$/.test(path)) return checkArticle(file, readFileSync(path, 'utf8'), validators);
		if (isJsonExampleFile(path)) return checkExampleFile(file, readFileSync(path, 'utf8'), validators);
		return [];
	});
}

/** One problem as the line a contributor reads: `file:line 示例：消息`. */
export function formatProblem(problem: ExampleProblem): string {
	return `${problem.file}:${problem.line}  ${problem.example}\n    ${problem.message}`;
}
