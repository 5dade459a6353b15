/**
 * External link syntax, without network requests: every URL in prose, Markdown links and data (`url:` fields) must be
 * a well-formed `https://` address, and links into the OCI spec repositories must name a release tag, not a moving
 * branch (CONTRIBUTING.md, 写作规范).
 */
import type { Finding } from './findings.ts';
import { Positions } from './findings.ts';
import { compareReleases } from '../versions.ts';
import { stringValues, withoutCode } from './prose.ts';

/** The three OCI spec repositories and the key of each in `src/content/specs.yaml`. */
export const SPEC_REPOSITORIES = { 'runtime-spec': 'runtime', 'image-spec': 'image', 'distribution-spec': 'distribution' } as const;

/** Hosts a plain `http://` link may point at: the reader's own machine, as in `npm run dev`. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A link into a spec repository on a branch: `github.com/opencontainers/<spec>/blob/main/…`, or raw files. */
const SPEC_BRANCH =
	/^https:\/\/(?:github\.com\/opencontainers\/([a-z-]+)\/(?:blob|tree|raw|commits)|raw\.githubusercontent\.com\/opencontainers\/([a-z-]+))\/(main|master)(?=\/|$)/;

/** What is wrong with one URL, as messages; empty when it is fine. `releases` maps `runtime` etc. to tags. */
export function urlProblems(url: string, releases: Readonly<Record<string, string>>): { message: string; hint: string }[] {
	const problems: { message: string; hint: string }[] = [];
	if (/\s/.test(url)) problems.push({ message: `链接地址「${url}」含有空白字符`, hint: '去掉空白，或把空格写成 %20' });
	if (/[^\x20-\x7e]/.test(url)) {
		problems.push({
			message: `链接地址「${url}」含有非 ASCII 字符`,
			hint: '把非 ASCII 部分按 %XX 编码；若它是网址后面的正文，用 [文字](网址) 把网址隔开',
		});
	}
	if (count(url, '(') !== count(url, ')')) {
		problems.push({ message: `链接地址「${url}」中的圆括号不配对`, hint: '把多余的括号移出网址，或写成 %28 / %29' });
	}
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		problems.push({ message: `「${url}」不是合法的网址`, hint: '写成完整的 https://主机/路径' });
	}
	if (parsed && !parsed.hostname.includes('.') && !LOCAL_HOSTS.has(parsed.hostname)) {
		problems.push({ message: `链接地址「${url}」的主机名「${parsed.hostname}」不完整`, hint: '写成完整的 https://主机/路径' });
	}
	if (parsed?.protocol === 'http:' && !LOCAL_HOSTS.has(parsed.hostname)) {
		problems.push({ message: `外部链接「${url}」用的是 http://`, hint: `改为 ${url.replace(/^http:/, 'https:')}` });
	}
	const branch = SPEC_BRANCH.exec(url);
	const repository = branch?.[1] ?? branch?.[2];
	if (branch && repository && repository in SPEC_REPOSITORIES) {
		const tag = releases[SPEC_REPOSITORIES[repository as keyof typeof SPEC_REPOSITORIES]] ?? 'vX.Y.Z';
		const tagged = url.replace(/\/(main|master)(?=\/|$)/, `/${tag}`);
		problems.push({
			message: `规范链接「${url}」指向会变动的 ${branch[3]} 分支；规范性内容要链接到发布标签（CONTRIBUTING.md「写作规范」）`,
			hint: `改为 ${tagged}（${tag} 是 src/content/specs.yaml 记录的当前发布版本；若内容尚未发布，就不要当作规范引用）`,
		});
	}
	return problems;
}

/** A link into a spec repository at a release tag: `github.com/opencontainers/<spec>/blob/v1.3.0/…`. */
const SPEC_TAG = /^https:\/\/github\.com\/opencontainers\/([a-z-]+)\/(?:blob|tree)\/(v\d+\.\d+\.\d+)(?=\/|$)/;

/**
 * What is wrong with an article's link into a spec at a release tag, given the releases the article says it was
 * checked against (its frontmatter `specs`): the tag must be that release, and the spec must be one of them. A link
 * to an older release is a historical reference (where a feature arrived, what 1.0 said) and is fine when its link
 * text names that release, `[v1.1.0](…/blob/v1.1.0/…)`, so the reader knows the page is not the current spec.
 */
export function articleSpecLinkProblems(
	url: string,
	checked: Readonly<Record<string, string>>,
	/** The Markdown link text, when the URL is a link's destination. */
	linkText?: string,
): { message: string; hint: string }[] {
	const match = SPEC_TAG.exec(url);
	const spec = match && SPEC_REPOSITORIES[match[1] as keyof typeof SPEC_REPOSITORIES];
	if (!match || !spec) return [];
	const release = checked[spec];
	if (!release) {
		return [{ message: `本文链接了 ${match[1]} ${match[2]}，但 frontmatter 的 specs 没有写 ${spec}`, hint: `在 specs 中加上 ${spec}: ${match[2]}（本文据以核对的版本），或去掉这个规范链接` }];
	}
	const tag = match[2]!;
	if (release === tag) return [];
	const older = compareReleases(tag, release) < 0;
	if (older && linkText?.includes(tag)) return [];
	return [
		{
			message: `规范链接「${url}」指向 ${tag}，而本文 specs.${spec} 写的是 ${release}`,
			hint:
				`改为 ${url.replace(`/${tag}`, `/${release}`)}，让链接与本文核对的版本一致` +
				(older ? `；若是有意引用旧版本（例如说明某特性从哪个版本开始），让链接文字写出版本号：[${tag}](${url})` : ''),
		},
	];
}

function count(text: string, char: string): number {
	return text.split(char).length - 1;
}

/** A URL found in a file, where it starts, and how it was written. */
interface FoundUrl {
	offset: number;
	url: string;
	/** The text of the Markdown link whose destination this is. */
	text?: string | undefined;
}

/**
 * URLs in a Markdown or MDX file outside code: Markdown link destinations (to their matching parenthesis), `<…>`
 * autolinks, quoted attribute values and bare URLs. Also Markdown links whose destination never closes, and bare
 * URLs followed directly by a non-ASCII character, which GFM makes part of the link.
 */
function markdownUrls(text: string): { urls: FoundUrl[]; broken: FoundUrl[]; glued: FoundUrl[] } {
	const source = withoutCode(text);
	const urls: FoundUrl[] = [];
	const broken: FoundUrl[] = [];
	const glued: FoundUrl[] = [];
	for (const match of source.matchAll(/https?:\/\/|www\./g)) {
		const start = match.index;
		if (match[0] === 'www.' && /[/.]$/.test(source.slice(0, start))) continue;
		const before = source[start - 1];
		const lineEnd = source.indexOf('\n', start) === -1 ? source.length : source.indexOf('\n', start);
		const line = source.slice(start, lineEnd);
		if (before === '(' && source[start - 2] === ']') {
			let depth = 1;
			let end = 0;
			while (end < line.length && depth > 0) {
				if (line[end] === '(') depth++;
				else if (line[end] === ')') depth--;
				if (depth > 0) end++;
			}
			const destination = line.slice(0, end);
			const title = /\s+(?:"[^"]*"|'[^']*')\s*$/.exec(destination);
			const url = title ? destination.slice(0, title.index) : destination;
			if (depth > 0) broken.push({ offset: start, url });
			else urls.push({ offset: start, url: url.trimEnd(), text: linkTextBefore(source, start - 2) });
		} else if (before === '<') urls.push({ offset: start, url: line.slice(0, line.indexOf('>') === -1 ? undefined : line.indexOf('>')) });
		else if (before === '"' || before === "'") urls.push({ offset: start, url: line.slice(0, line.indexOf(before) === -1 ? undefined : line.indexOf(before)) });
		else {
			const url = /^[^\s<>"'`\u0080-\uffff]*/.exec(line)![0].replace(/[.,:;!?*_~]+$/, '');
			const next = line[url.length];
			if (next && /[^\s\x00-\x7f]/.test(next)) glued.push({ offset: start, url: `${url}${next}` });
			urls.push({ offset: start, url });
		}
	}
	return { urls, broken, glued };
}

/** The text of a Markdown link whose `]` is at `close`: back to the matching `[` on the same line. */
function linkTextBefore(source: string, close: number): string | undefined {
	let depth = 0;
	for (let i = close - 1; i >= 0 && source[i] !== '\n'; i--) {
		if (source[i] === ']') depth++;
		else if (source[i] === '[' && depth-- === 0) return source.slice(i + 1, close);
	}
	return undefined;
}

/** URLs in a YAML or JSON file: every string value that starts with a scheme, as a whole. */
function dataUrls(text: string): FoundUrl[] {
	return stringValues(text)
		.filter((v) => /^\s*(?:https?:|www\.)/i.test(v.value))
		.map((v) => ({ offset: v.offset + Math.max(0, v.source.indexOf(v.value.trim().slice(0, 8))), url: v.value.trim() }));
}

/** Checks the syntax of every external link in a Markdown, MDX, YAML or JSON file. */
export function checkLinks(
	file: string,
	text: string,
	releases: Readonly<Record<string, string>>,
	/** For an article: the spec releases its frontmatter says it was checked against. */
	checked?: Readonly<Record<string, string>>,
): Finding[] {
	const positions = new Positions(text);
	const found = /\.mdx?$/.test(file) ? markdownUrls(text) : { urls: dataUrls(text), broken: [], glued: [] };
	const findings: Finding[] = found.broken.map((link) => ({
		file,
		...positions.at(link.offset),
		rule: '外部链接',
		message: `Markdown 链接「${link.url}」没有闭合的右括号（地址里的空格或换行会截断链接）`,
		hint: '写成 [文字](https://完整地址)，地址中不能有空格和换行',
	}));
	for (const link of found.glued) {
		findings.push({
			file,
			...positions.at(link.offset),
			rule: '外部链接',
			message: `网址后紧跟「${link.url.at(-1)}」：「${link.url}」会被当成一个网址`,
			hint: '在网址后加一个空格，或写成 <网址>、[文字](网址)',
		});
	}
	for (const { offset, url, text: linkText } of found.urls) {
		const withScheme = url.startsWith('www.') ? `https://${url}` : url;
		const problems = url.startsWith('www.')
			? [{ message: `链接「${url}」缺少 https://`, hint: `写成 https://${url}` }]
			: [...urlProblems(withScheme, releases), ...(checked ? articleSpecLinkProblems(withScheme, checked, linkText) : [])];
		for (const problem of problems) findings.push({ file, ...positions.at(offset), rule: '外部链接', ...problem });
	}
	return findings;
}
