/**
 * The parts of the publishing standard (CONTRIBUTING.md, 「发布前」) that a program can check, applied to every
 * article whose `status` is `published`: length of the prose, the opening and closing sections, the topics on its
 * home-page card, a diagram, a lab, spec links at a release tag and links to sibling articles. Whether the facts
 * are right is for the line-by-line review; this only makes sure nothing on the checklist was skipped.
 */
import type { Heading, Nodes } from 'mdast';
import type { Finding } from './findings.ts';
import { Positions } from './findings.ts';
import { splitAnchor } from '../heading-anchors.ts';
import { articleFrontmatter, frontmatter, markdownProse, parseMarkdown, walk } from './prose.ts';

/** Chinese characters of prose a published article has at least (code, markup and frontmatter not counted). */
export const MIN_CHINESE_CHARACTERS = 8000;

/** A Han character. */
const HAN = /\p{Script=Han}/gu;

/** Chinese characters in the prose of an article's body. */
export function chineseCharacters(text: string): number {
	const fm = frontmatter(text);
	const body = markdownProse(text).slice(fm?.end ?? 0);
	return body.match(HAN)?.length ?? 0;
}

/**
 * An article's second-level headings: their text as the page shows it (the `{#id}` marker removed the way the
 * heading-anchors plugin removes it, MDX's `\{` escapes undone), and where they start.
 */
function sections(text: string): { title: string; offset: number; end: number }[] {
	const headings: { title: string; offset: number }[] = [];
	walk(parseMarkdown(text), (node: Nodes) => {
		if (node.type !== 'heading' || (node as Heading).depth !== 2) return;
		const offset = node.position?.start.offset ?? 0;
		const line = text.slice(offset, node.position?.end.offset ?? offset).replace(/^#+\s*/, '').replace(/\\([{}])/g, '$1');
		headings.push({ title: (splitAnchor(line)?.text ?? line).trim(), offset });
	});
	return headings.map((heading, i) => ({ ...heading, end: headings[i + 1]?.offset ?? text.length }));
}

/**
 * Findings for a published article that misses part of the standard; none for other files and statuses. `data` is
 * the article's parsed frontmatter, when the caller has it already.
 */
export function checkPublishing(file: string, text: string, data = articleFrontmatter(file, text)): Finding[] {
	if (data?.status !== 'published') return [];
	const fm = frontmatter(text);
	const at = new Positions(text);
	const findings: Finding[] = [];
	const fail = (offset: number, message: string, hint: string) =>
		findings.push({ file, ...at.at(offset), rule: '发布标准', message, hint: `${hint}（CONTRIBUTING.md「发布前」）` });
	const body = fm?.end ?? 0;
	const h2 = sections(text);
	const find = (word: string) => h2.find((section) => section.title.includes(word));

	const count = chineseCharacters(text);
	if (count < MIN_CHINESE_CHARACTERS) {
		fail(body, `已发布的文章正文只有 ${count} 个汉字，至少要 ${MIN_CHINESE_CHARACTERS} 个（代码、标记和 frontmatter 不计）`, '把文章写完整，或把 status 改回 review');
	}
	const opening = text.slice(body, h2[0]?.offset ?? text.length);
	for (const word of ['适合', '前置知识']) {
		if (!opening.includes(word)) fail(body, `开头（第一个二级标题之前）没有写到「${word}」`, '开头说明本文适合谁、读完能做什么、需要哪些前置知识');
	}
	for (const topic of data.topics ?? []) {
		if (!h2.some((section) => section.title === topic)) {
			fail(fm?.offset ?? 0, `topics 中的「${topic}」不是文章的二级标题；首页卡片上的要点必须是文章真实的章节`, `把二级标题写成「## ${topic} \\{#…\\}」，或修改 topics`);
		}
	}
	const summary = find('总结');
	if (!summary) fail(body, '没有标题含「总结」的二级标题', '结尾加「## 总结 \\{#summary\\}」，并用一张表格归纳要点');
	else if (!/^\s*\|.*\|\s*$/m.test(text.slice(summary.offset, summary.end))) fail(summary.offset, '「总结」一节没有表格', '用一张 Markdown 表格归纳本文要点');
	if (!find('常见误区')) fail(body, '没有「常见误区」二级标题', '加「## 常见误区 \\{#pitfalls\\}」');
	if (!find('下一步')) fail(body, '没有标题含「下一步」的二级标题', '结尾说明读完之后读系列的哪一篇');
	if (!/<Diagram[\s>]/.test(text)) fail(body, '没有图示', '至少用一个 <Diagram> 画出一张图（见 CONTRIBUTING.md「图示」）');
	if (!/<Lab[\s>]/.test(text)) fail(body, '没有由测试执行的动手实验', '至少有一个 <Lab>（见 CONTRIBUTING.md「示例与实验」）');
	if (!/https:\/\/github\.com\/opencontainers\/(?:runtime|image|distribution)-spec\/blob\/v\d/.test(text)) {
		fail(body, '没有链接到规范发布标签的规范性陈述', '规范性陈述链接到发布标签，例如 https://github.com/opencontainers/runtime-spec/blob/v1.3.0/config.md');
	}
	if (!/<ArticleLink[\s>]|\]\(\/oci-\d\d-/.test(text)) fail(body, '没有链接到系列中的其他文章', '用 <ArticleLink id="oci-02-runtime-spec" /> 交叉链接话题延续的文章');
	return findings;
}
