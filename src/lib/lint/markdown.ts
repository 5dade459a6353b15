/**
 * Markdown lint with markdownlint, configured by `.markdownlint-cli2.jsonc`, for `.md` and `.mdx` files. markdownlint
 * reads CommonMark: MDX `{/* comments *\/}` are turned into HTML comments of the same length first (otherwise their
 * asterisks read as emphasis); JSX components read as HTML and imports as paragraphs, which the config allows.
 */
// The markdownlint library that markdownlint-cli2 runs and re-exports (its re-exports carry no type declarations).
import { applyFixes } from 'markdownlint';
import type { Configuration, LintError } from 'markdownlint';
import { lint } from 'markdownlint/promise';
import type { Link, Nodes } from 'mdast';
import type { Edit, Finding } from './findings.ts';
import { Positions } from './findings.ts';
import { parseMarkdown, walk } from './prose.ts';

/** What each rule asks for, in Chinese; the finding adds markdownlint's own detail. */
const RULES_ZH: Record<string, string> = {
	MD001: '标题级别只能逐级递增',
	MD003: '标题用 # 开头的写法',
	MD004: '无序列表用 - 作为标记',
	MD005: '同一级列表项的缩进要一致',
	MD007: '无序列表的缩进不对',
	MD009: '行尾有多余的空格',
	MD010: '有制表符，请用空格',
	MD011: '链接写反了，应为 [文字](地址)',
	MD012: '连续空行多于一行',
	MD014: '命令前的 $ 没有对应的输出，去掉 $',
	MD018: '标题的 # 后要有空格',
	MD019: '标题的 # 后只要一个空格',
	MD020: '闭合式标题的 # 内侧要有空格',
	MD021: '闭合式标题的 # 内侧只要一个空格',
	MD022: '标题前后要有空行',
	MD023: '标题要从行首开始',
	MD024: '同一层级下有重复的标题',
	MD025: '一个文件只能有一个一级标题（文章标题来自 frontmatter 的 title，正文从 ## 开始）',
	MD026: '标题末尾不要有标点',
	MD027: '引用符号 > 后只要一个空格',
	MD028: '引用块中间有空行',
	MD029: '有序列表的编号不对',
	MD030: '列表标记后只要一个空格',
	MD031: '代码块前后要有空行',
	MD032: '列表前后要有空行',
	MD034: '裸露的网址，请写成 <网址> 或 [文字](网址)',
	MD035: '分隔线写法不一致',
	MD036: '用粗体或斜体代替了标题，请用 ## 标题',
	MD037: '强调标记内侧有空格',
	MD038: '行内代码的反引号内侧有空格',
	MD039: '链接文字两端有空格',
	MD040: '代码块要写明语言（命令写 sh，输出或目录树写 text）',
	MD041: '文件要以一级标题开始（文章则要有 frontmatter title）',
	MD042: '链接地址为空',
	MD045: '图片要有替代文字（alt）',
	MD046: '代码块用 ``` 围栏写法',
	MD047: '文件要以一个换行结尾',
	MD048: '代码块围栏用 ```',
	MD049: '斜体用 *文字*',
	MD050: '粗体用 **文字**',
	MD052: '引用式链接的标签没有定义',
	MD053: '链接定义没有被使用',
	MD054: '链接或图片的写法不被允许',
	MD055: '表格两端竖线的写法不一致',
	MD056: '表格的列数与表头不一致',
	MD058: '表格前后要有空行',
	MD059: '链接文字要说明链接到哪里（不要用 click here 之类）',
};

/** MDX `{/* … *\/}` as `<!-- … -->` of the same length and lines, so markdownlint skips it. */
export function mdxForMarkdownlint(text: string): string {
	return text.replace(/\{\/\*([\s\S]*?)\*\/\}/g, (comment, body: string) =>
		comment.length < 7 ? comment : `<!--${body.slice(1).replace(/--/g, '  ')}-->`,
	);
}

/** Markdownlint findings for one Markdown or MDX file, with fixes where markdownlint has them. */
export async function checkMarkdown(file: string, text: string, config: Configuration): Promise<Finding[]> {
	const input = file.endsWith('.mdx') ? mdxForMarkdownlint(text) : text;
	const results = await lint({ strings: { [file]: input }, config, handleRuleFailures: true });
	const positions = new Positions(text);
	return (results[file] ?? []).map((error) => {
		const [id = 'MD', alias] = error.ruleNames;
		const detail = [error.errorDetail, error.errorContext && `「${error.errorContext}」`].filter(Boolean).join(' ');
		const column = error.errorRange?.[0] ?? 1;
		const fix = error.fixInfo ? toEdit(positions, error) : undefined;
		return {
			file,
			line: error.lineNumber,
			column,
			rule: `${id}/${alias ?? ''}`.replace(/\/$/, ''),
			message: `${RULES_ZH[id] ?? error.ruleDescription}${detail ? `：${detail}` : ''}`,
			...(fix ? { fix } : { hint: `按上面的说明修改（规则说明：${error.ruleInformation ?? id}）` }),
		};
	});
}

/** markdownlint's fix for one error as an edit of the original text. */
function toEdit(positions: Positions, error: LintError): Edit | undefined {
	const offset = positions.offset(error.lineNumber, 1);
	const line = positions.line(error.lineNumber);
	const old = positions.text.length > offset + line.length ? `${line}\n` : line;
	const fixed = applyFixes(old, [{ ...error, lineNumber: 1, fixInfo: error.fixInfo && { ...error.fixInfo, lineNumber: 1 } }]);
	return fixed === old ? undefined : { offset, old, new: fixed };
}

/**
 * Chinese link texts that say nothing about where the link goes. markdownlint's MD059 cannot check these: it compares
 * texts after turning every character outside ASCII words into a space, so to it every Chinese text equals every
 * other (each Chinese link would match 「这里」). Its config keeps the English texts; `checkLinkText` checks these.
 */
export const VAGUE_LINK_TEXTS: readonly string[] = ['点击这里', '点这里', '这里', '此处', '链接', '更多', '详情', '点击'];

/** The visible text of a link: its text and inline code, without punctuation or spaces. */
function linkText(node: Nodes): string {
	if (node.type === 'text' || node.type === 'inlineCode') return node.value;
	return 'children' in node ? node.children.map(linkText).join('') : '';
}

/** Links in a Markdown or MDX file whose text is one of `VAGUE_LINK_TEXTS`. */
export function checkLinkText(file: string, text: string): Finding[] {
	const positions = new Positions(text);
	const findings: Finding[] = [];
	walk(parseMarkdown(text), (node) => {
		if (node.type !== 'link') return;
		const words = linkText(node as Link).replace(/[\p{P}\p{S}\s]/gu, '');
		if (!VAGUE_LINK_TEXTS.includes(words)) return;
		findings.push({
			file,
			...positions.at(node.position?.start.offset ?? 0),
			rule: '链接文字',
			message: `链接文字「${words}」没有说明链接到哪里`,
			hint: '用目标的名称作链接文字，例如「见[运行时规范的命名空间一节](…)」，而不是「见[这里](…)」',
		});
	});
	return findings;
}
