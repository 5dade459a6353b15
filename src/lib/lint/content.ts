/**
 * The content lint as a whole: which files are content, which checks each gets, and fixing what can be fixed.
 * `scripts/lint.ts` and `tests/lint/content.test.ts` both run it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Ignorer } from 'autocorrect-node';
import { parse as parseJsonc } from 'jsonc-parser';
import type { Configuration } from 'markdownlint';
import { parse as parseYaml, parseDocument } from 'yaml';
import type { Edit, Finding } from './findings.ts';
import { applyEdits, sortFindings } from './findings.ts';
import { checkLinks } from './links.ts';
import { checkUnitsAndQuotes } from './units.ts';
import { checkLinkText, checkMarkdown } from './markdown.ts';
import { articleFrontmatter, proseOf } from './prose.ts';
import { checkPublishing } from './publishing.ts';
import { checkProperNouns, checkTerminology } from './terminology.ts';
import { checkBoldPunctuation, checkTypography, configureAutoCorrect } from './typography.ts';

/**
 * The content, as folders (searched recursively) or files and the extensions taken from each. Lab transcripts,
 * example JSON and anything else in `.autocorrectignore` (or `.gitignore`) is left out.
 */
export const CONTENT: readonly { path: string; extensions: readonly string[]; recursive?: boolean }[] = [
	{ path: 'README.md', extensions: ['.md'] },
	{ path: 'CONTRIBUTING.md', extensions: ['.md'] },
	{ path: 'src/content/docs', extensions: ['.md', '.mdx'], recursive: true },
	{ path: 'src/content', extensions: ['.yaml', '.yml'] },
	{ path: 'src/content/i18n', extensions: ['.json'] },
	{ path: 'src/components', extensions: ['.astro'], recursive: true },
	{ path: 'src/pages', extensions: ['.astro'], recursive: true },
];

/** The content files of a project, relative to its root with forward slashes, sorted. */
export function contentFiles(root: string): string[] {
	const ignorer = new Ignorer(root);
	const files: string[] = [];
	const add = (path: string, extensions: readonly string[], recursive: boolean) => {
		const entries = readdirSync(join(root, path), { withFileTypes: true, recursive });
		for (const entry of entries) {
			if (!entry.isFile() || !extensions.some((ext) => entry.name.endsWith(ext))) continue;
			files.push(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
		}
	};
	for (const { path, extensions, recursive = false } of CONTENT) {
		if (extensions.some((ext) => path.endsWith(ext))) files.push(path);
		else add(path, extensions, recursive);
	}
	return [...new Set(files)].filter((file) => !ignorer.isIgnored(file)).sort();
}

/** What the checks need besides the file: markdownlint's rules and the current spec releases. */
export interface LintConfig {
	markdownlint: Configuration;
	/** Current release per spec (`runtime`: `v1.3.0` …), from `src/content/specs.yaml`. */
	releases: Record<string, string>;
}

/** Reads `.autocorrectrc` (loading it into AutoCorrect), `.markdownlint-cli2.jsonc` and `src/content/specs.yaml`. */
export function loadLintConfig(root: string): LintConfig {
	configureAutoCorrect(readFileSync(join(root, '.autocorrectrc'), 'utf8'));
	const markdownlint = (parseJsonc(readFileSync(join(root, '.markdownlint-cli2.jsonc'), 'utf8')) as { config: Configuration }).config;
	const specs = parseYaml(readFileSync(join(root, 'src/content/specs.yaml'), 'utf8')) as { id: string; release: string }[];
	return { markdownlint, releases: Object.fromEntries(specs.map((spec) => [spec.id, spec.release])) };
}

/** Every finding in one content file. */
export async function lintFile(file: string, text: string, config: LintConfig): Promise<Finding[]> {
	const prose = proseOf(file, text);
	const markdown = /\.mdx?$/.test(file);
	const article = articleFrontmatter(file, text);
	const findings = [
		...checkTypography(file, text),
		...checkTerminology(file, prose),
		...checkProperNouns(file, prose),
		...checkUnitsAndQuotes(file, prose),
		...(markdown ? checkBoldPunctuation(file, prose) : []),
		...(file.endsWith('.astro') ? [] : checkLinks(file, text, config.releases, article && (article.specs ?? {}))),
		...(markdown ? await checkMarkdown(file, text, config.markdownlint) : []),
		...(markdown ? checkLinkText(file, text) : []),
		...(article ? checkPublishing(file, text, article) : []),
	];
	return sortFindings(findings);
}

/** Every finding in the project's content. */
export async function lintProject(root: string, config = loadLintConfig(root)): Promise<Finding[]> {
	const findings = await Promise.all(contentFiles(root).map((file) => lintFile(file, readFileSync(join(root, file), 'utf8'), config)));
	return findings.flat();
}

/**
 * Applies every automatic fix to one file's text, re-checking after each round (one fix can make room for
 * another), and returns the fixed text with the findings that are left. A data file must still parse afterwards.
 */
export async function fixFile(file: string, text: string, config: LintConfig): Promise<{ text: string; fixed: number; left: Finding[] }> {
	let current = text;
	let fixed = 0;
	for (let round = 0; round < 5; round++) {
		const edits = (await lintFile(file, current, config)).flatMap((f): Edit[] => (f.fix ? [f.fix] : []));
		const result = applyEdits(current, edits);
		if (result.applied === 0) break;
		current = result.text;
		fixed += result.applied;
	}
	if (/\.(ya?ml|json)$/.test(file) && parseDocument(current).errors.length > 0) {
		throw new Error(`自动修复会让 ${file} 无法解析，已放弃修改这个文件；请手动修改。`);
	}
	return { text: current, fixed, left: await lintFile(file, current, config) };
}
