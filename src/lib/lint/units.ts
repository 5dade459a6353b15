/**
 * Two typography rules of CONTRIBUTING.md (写作规范) that AutoCorrect does not cover: a space between a number and its
 * unit (`512 MB`, but `15%`), and corner brackets rather than ASCII double quotes around Chinese text.
 */
import type { Finding } from './findings.ts';
import { Positions } from './findings.ts';

/** A number written against a unit of size or time: `512MB`, `30s`, `100ms`. */
const NUMBER_UNIT = /(?<![\w.-])(\d+(?:\.\d+)?)(KiB|MiB|GiB|TiB|KB|MB|GB|TB|ms|s)(?![\w-])/g;

/** ASCII double quotes around text that contains Chinese. */
const ASCII_QUOTES = /"([^"\n]*[\u4e00-\u9fff][^"\n]*)"/g;

/**
 * Number–unit spacing and quote findings in the prose of a file (code already blanked out). Quotes are checked in
 * Markdown, MDX and Astro text only: in JSON and YAML they are syntax.
 */
export function checkUnitsAndQuotes(file: string, prose: string): Finding[] {
	const positions = new Positions(prose);
	const findings: Finding[] = [];
	for (const match of prose.matchAll(NUMBER_UNIT)) {
		const fixed = `${match[1]} ${match[2]}`;
		findings.push({
			file,
			...positions.at(match.index),
			rule: '排版',
			message: `数字与单位之间加空格：「${match[0]}」应为「${fixed}」（CONTRIBUTING.md「写作规范」；百分号和度数除外）`,
			fix: { offset: match.index, old: match[0], new: fixed },
		});
	}
	for (const match of /\.(mdx?|astro)$/.test(file) ? prose.matchAll(ASCII_QUOTES) : []) {
		const fixed = `「${match[1]}」`;
		findings.push({
			file,
			...positions.at(match.index),
			rule: '排版',
			message: `中文语境用直角引号：「${match[0]}」应为「${fixed}」（CONTRIBUTING.md「写作规范」）`,
			fix: { offset: match.index, old: match[0], new: fixed },
		});
	}
	return findings;
}
