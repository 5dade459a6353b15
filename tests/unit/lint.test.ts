import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LintConfig } from '../../src/lib/lint/content';
import { fixFile, lintFile, loadLintConfig } from '../../src/lib/lint/content';
import type { Finding } from '../../src/lib/lint/findings';
import { applyEdits, formatFinding, sortFindings } from '../../src/lib/lint/findings';
import { articleSpecLinkProblems, checkLinks } from '../../src/lib/lint/links';
import { checkUnitsAndQuotes } from '../../src/lib/lint/units';
import { checkMarkdown } from '../../src/lib/lint/markdown';
import { proseOf } from '../../src/lib/lint/prose';
import { checkPublishing, chineseCharacters, MIN_CHINESE_CHARACTERS } from '../../src/lib/lint/publishing';
import { TERMS, checkProperNouns, checkTerminology } from '../../src/lib/lint/terminology';
import { checkBoldPunctuation, checkTypography } from '../../src/lib/lint/typography';

const root = fileURLToPath(new URL('../../', import.meta.url));
let config: LintConfig;
beforeAll(() => {
	config = loadLintConfig(root);
});

/** Each finding as `line:column 规则 说明`. */
const brief = (findings: Finding[]) => sortFindings(findings).map((f) => `${f.line}:${f.column} ${f.rule} ${f.message}`);
/** The text after applying every automatic fix of the findings. */
const fixed = (text: string, findings: Finding[]) => applyEdits(text, findings.flatMap((f) => (f.fix ? [f.fix] : []))).text;
const terms = (file: string, text: string) => checkTerminology(file, proseOf(file, text));
const nouns = (file: string, text: string) => checkProperNouns(file, proseOf(file, text));

describe('typography lint (AutoCorrect)', () => {
	test('flags a missing space between Chinese and English and fixes it', () => {
		const text = '在Linux上运行runc。\n';
		const findings = checkTypography('a.md', text);
		expect(brief(findings)).toEqual(['1:2 排版 中英文之间、中文与数字之间加一个空格：「在Linux上运行runc」应为「在 Linux 上运行 runc」']);
		expect(fixed(text, findings)).toBe('在 Linux 上运行 runc。\n');
	});

	test('flags a half-width comma in Chinese', () => {
		expect(brief(checkTypography('a.md', '先创建,再启动。\n'))).toEqual(['1:4 排版 中文语境用全角标点：「创建,再启」应为「创建，再启」']);
	});

	test('keeps the space between a bare URL and the Chinese punctuation after it', () => {
		expect(brief(checkTypography('a.md', '详见 https://example.com/x 。中文a\n'))).toEqual(['1:29 排版 中英文之间、中文与数字之间加一个空格：「中文a」应为「中文 a」']);
	});

	test('leaves code blocks and inline code alone', () => {
		expect(checkTypography('a.mdx', '运行 `echo 你好,world` 即可。\n\n```sh\necho 你好,world\n```\n')).toEqual([]);
	});

	test('checks YAML values one by one, so a flow mapping keeps its commas', () => {
		const text = 'series: { order: 1, part: 基础入门, short: 入门指南 }\ngoal: 了解OCI规范\n';
		const findings = checkTypography('paths.yaml', text);
		expect(brief(findings)).toEqual(['2:9 排版 中英文之间、中文与数字之间加一个空格：「了解OCI规范」应为「了解 OCI 规范」']);
		expect(fixed(text, findings)).toBe('series: { order: 1, part: 基础入门, short: 入门指南 }\ngoal: 了解 OCI 规范\n');
	});

	test('checks frontmatter values of an article without touching its flow mappings', () => {
		const text = '---\ntitle: 入门,第1篇\nseries: { order: 1, part: 基础入门, short: 入门指南 }\n---\n\n正文。\n';
		expect(brief(checkTypography('a.mdx', text))).toEqual(['2:10 排版 中文语境用全角标点；中英文之间、中文与数字之间加一个空格：「入门,第1篇」应为「入门，第 1 篇」']);
	});

	test('checks the text of Astro templates', () => {
		expect(brief(checkTypography('A.astro', '---\nconst n = 1;\n---\n<p>共8篇</p>\n'))).toEqual(['4:5 排版 中英文之间、中文与数字之间加一个空格：「共8篇」应为「共 8 篇」']);
	});
});

describe('bold punctuation', () => {
	test('flags **注意：**正文, which CommonMark leaves unbolded, and moves the colon out', () => {
		const text = '**注意：**正文。\n';
		const findings = checkBoldPunctuation('a.md', proseOf('a.md', text));
		expect(brief(findings)).toEqual(['1:1 粗体 「**注意：**」以标点结尾、后面紧跟文字，CommonMark 不会把它渲染成粗体']);
		expect(fixed(text, findings)).toBe('**注意**：正文。\n');
	});

	test('accepts bold followed by a space or punctuation', () => {
		expect(checkBoldPunctuation('a.md', '**注意**：正文；**注意：** 正文。')).toEqual([]);
	});
});

describe('terminology lint', () => {
	test('flags 名字空间 and suggests 命名空间', () => {
		const [finding, ...rest] = terms('a.mdx', '每个容器有自己的名字空间。\n');
		expect(rest).toEqual([]);
		expect(formatFinding(finding!)).toBe(
			'a.mdx:1:9 术语 「名字空间」不是本系列用语：namespace 统一写作「命名空间」（CONTRIBUTING.md「术语表」）\n    修复：把「名字空间」改为「命名空间」',
		);
	});

	test('flags 镜像仓库 and explains registry versus repository', () => {
		expect(terms('a.md', '推送到镜像仓库。').map((f) => f.hint)).toEqual(['指 registry 时写「注册表」（首次出现写「注册表（Registry）」），指 repository 时写「仓库」']);
	});

	test('keeps an English gloss in the suggestion', () => {
		expect(terms('a.md', '挂钩（hook）在容器启动前运行。').map((f) => f.hint)).toEqual(['把「挂钩（hook）」改为「钩子（hook）」']);
	});

	test('allows Docker’s 清单列表（manifest list） when named as such', () => {
		expect(brief(terms('a.md', '清单列表（manifest list）是 Docker 的格式，OCI 称之为镜像索引；别把它写成清单列表。'))).toEqual([
			'1:50 术语 「清单列表」不是本系列用语：image index 统一写作「镜像索引」（CONTRIBUTING.md「术语表」）',
		]);
	});

	test('does not flag 挂钩 in its everyday sense, or terms in code', () => {
		expect(terms('a.mdx', '版本号与发布挂钩。用 `名字空间` 搜索。\n\n```text\n名字空间\n```\n')).toEqual([]);
	});

	test('checks YAML prose values and Astro template text', () => {
		expect(brief(terms('resources.yaml', 'description: 支持权能的配置\n'))).toEqual(['1:16 术语 「权能」不是本系列用语：capability (Linux) 统一写作「能力」（CONTRIBUTING.md「术语表」）']);
		expect(brief(terms('A.astro', '<p title="名字空间">开放容器计划</p>'))).toEqual(['1:17 术语 「开放容器计划」不是本系列用语：Open Container Initiative 统一写作「开放容器倡议」（CONTRIBUTING.md「术语表」）']);
	});

	test('uses only terms that the terminology table of CONTRIBUTING.md names', () => {
		const guide = readFileSync(new URL('../../CONTRIBUTING.md', import.meta.url), 'utf8');
		const start = guide.indexOf('### 术语表');
		expect(start, 'CONTRIBUTING.md 里没有「### 术语表」一节').not.toBe(-1);
		// The table itself, not the notes above it, which name two avoided wordings as code.
		const table = guide.slice(guide.indexOf('| English |', start), guide.indexOf('\n## ', start));
		for (const term of TERMS) {
			expect(table, `CONTRIBUTING.md 的术语表没有「${term.preferred}」`).toContain(term.preferred);
			expect(table, `CONTRIBUTING.md 的术语表没有 ${term.english}`).toContain(term.english);
			for (const avoided of term.avoid) expect(table, `「${avoided}」出现在 CONTRIBUTING.md 的术语表中，不能当作错误用语`).not.toContain(avoided);
		}
	});
});

describe('proper noun casing', () => {
	test('flags Github, kubernetes, Runc and Seccomp in prose and fixes them', () => {
		const text = '在Github上找到kubernetes与 Runc 的 Seccomp 配置。\n';
		const findings = nouns('a.md', text);
		expect(brief(findings)).toEqual([
			'1:2 专有名词 「Github」应按官方写法写作「GitHub」（CONTRIBUTING.md「写作规范」）',
			'1:11 专有名词 「kubernetes」应按官方写法写作「Kubernetes」（CONTRIBUTING.md「写作规范」）',
			'1:23 专有名词 「Runc」应按官方写法写作「runc」（CONTRIBUTING.md「写作规范」）',
			'1:30 专有名词 「Seccomp」应按官方写法写作「seccomp」（CONTRIBUTING.md「写作规范」）',
		]);
		expect(fixed(text, findings)).toBe('在GitHub上找到Kubernetes与 runc 的 seccomp 配置。\n');
	});

	test('leaves file names, URLs, code, identifiers and options alone', () => {
		const text = [
			'打开 config.json 和 oci-layout，见 https://github.com/opencontainers/runc 或 [GitHub](https://github.com/x)。',
			'运行 `Runc --help`，设置 linux.namespaces 与 --json 选项，或 skopeo 的 oci:./dir。',
			'',
		].join('\n');
		expect(nouns('a.md', text)).toEqual([]);
		expect(nouns('a.yaml', 'id: runc\ntags: [oci, kubernetes]\n')).toEqual([]);
	});
});

describe('markdown lint', () => {
	test('flags a code block without a language, saying what to write', async () => {
		const findings = await checkMarkdown('a.md', '# 标题\n\n```\nls\n```\n', config.markdownlint);
		expect(brief(findings)).toEqual(['3:1 MD040/fenced-code-language 代码块要写明语言（命令写 sh，输出或目录树写 text）：「```」']);
		expect(findings[0]!.hint).toMatch(/^按上面的说明修改（规则说明：https:\/\/github\.com\/DavidAnson\/markdownlint\/blob\/v[\d.]+\/doc\/md040\.md）$/);
	});

	test('flags a second title in an article whose title is in frontmatter', async () => {
		const findings = await checkMarkdown('a.mdx', '---\ntitle: 标题\n---\n\n# 又一个标题\n', config.markdownlint);
		expect(brief(findings)).toEqual(['5:1 MD025/single-title 一个文件只能有一个一级标题（文章标题来自 frontmatter 的 title，正文从 ## 开始）：「又一个标题」']);
	});

	test('fixes what markdownlint can fix', async () => {
		const text = '# 标题\n\n正文 \n';
		expect(fixed(text, await checkMarkdown('a.md', text, config.markdownlint))).toBe('# 标题\n\n正文\n');
	});

	test('reads MDX imports, JSX components, comments and anchored headings without complaint', async () => {
		const text = [
			'---',
			'title: 标题',
			'---',
			"import Lab from '../../components/Lab.astro';",
			'',
			'## 命名空间 \\{#namespaces\\}',
			'',
			'{/* 这里的 *星号* 不是强调 */}',
			'',
			'<Lab name="oci-01-intro-guide/image-to-runc" />',
			'',
			'<Tabs>',
			'  <TabItem label="runc">',
			'    在 runc 中。',
			'  </TabItem>',
			'</Tabs>',
			'',
		].join('\n');
		expect(await checkMarkdown('a.mdx', text, config.markdownlint)).toEqual([]);
	});
});

describe('external link syntax', () => {
	const releases = { runtime: 'v1.3.0', image: 'v1.1.1', distribution: 'v1.1.1' };
	const links = (file: string, text: string) => checkLinks(file, text, releases).map((f) => `${f.line}:${f.column} ${f.message} → ${f.hint}`);

	test('flags a spec link to the moving main branch and suggests the release tag', () => {
		expect(links('a.md', '见[规范](https://github.com/opencontainers/image-spec/blob/main/manifest.md#image-manifest)。')).toEqual([
			'1:7 规范链接「https://github.com/opencontainers/image-spec/blob/main/manifest.md#image-manifest」指向会变动的 main 分支；规范性内容要链接到发布标签（CONTRIBUTING.md「写作规范」） → 改为 https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest（v1.1.1 是 src/content/specs.yaml 记录的当前发布版本；若内容尚未发布，就不要当作规范引用）',
		]);
	});

	test('accepts release tags, other repositories’ main branch and links in code', () => {
		expect(links('a.mdx', '[a](https://github.com/opencontainers/runtime-spec/blob/v1.3.0/config.md) [b](https://github.com/opencontainers/runc/blob/main/README.md) `curl http://127.0.0.1:5000/v2/`\n\n```sh\ncurl http://example.com\n```\n')).toEqual([]);
	});

	test('flags http:// except for the local machine', () => {
		expect(links('a.md', '<http://localhost:4321> 与 <http://example.com/a>')).toEqual(['1:28 外部链接「http://example.com/a」用的是 http:// → 改为 https://example.com/a']);
	});

	test('flags a space in a Markdown link destination', () => {
		expect(links('a.md', '[规范](https://example.com/a b)')).toEqual(['1:6 链接地址「https://example.com/a b」含有空白字符 → 去掉空白，或把空格写成 %20']);
	});

	test('flags a link that never closes and unbalanced parentheses', () => {
		expect(links('a.md', '[规范](https://example.com/a(b\n')).toEqual(['1:6 Markdown 链接「https://example.com/a(b」没有闭合的右括号（地址里的空格或换行会截断链接） → 写成 [文字](https://完整地址)，地址中不能有空格和换行']);
		expect(links('a.md', '见 https://example.com/a_(b 。')).toEqual(['1:3 链接地址「https://example.com/a_(b」中的圆括号不配对 → 把多余的括号移出网址，或写成 %28 / %29']);
	});

	test('flags a bare URL glued to Chinese punctuation', () => {
		expect(links('a.md', '见 https://example.com，然后')).toEqual(['1:3 网址后紧跟「，」：「https://example.com，」会被当成一个网址 → 在网址后加一个空格，或写成 <网址>、[文字](网址)']);
	});

	test('checks url fields of YAML data', () => {
		expect(links('resources.yaml', '- id: x\n  url: http://example.com/x\n- id: y\n  url: https://github.com/opencontainers/distribution-spec/tree/main\n')).toEqual([
			'2:8 外部链接「http://example.com/x」用的是 http:// → 改为 https://example.com/x',
			'4:8 规范链接「https://github.com/opencontainers/distribution-spec/tree/main」指向会变动的 main 分支；规范性内容要链接到发布标签（CONTRIBUTING.md「写作规范」） → 改为 https://github.com/opencontainers/distribution-spec/tree/v1.1.1（v1.1.1 是 src/content/specs.yaml 记录的当前发布版本；若内容尚未发布，就不要当作规范引用）',
		]);
	});
});

describe('lintFile and fixFile', () => {
	const article = ['---', 'title: 示例', '---', '', '## 概述 \\{#overview\\}', '', '在Linux上用Runc创建名字空间,完成。', ''].join('\n');

	test('reports each finding as file:line:column 规则 说明 with the fix', async () => {
		expect((await lintFile('src/content/docs/a.mdx', article, config)).map(formatFinding)).toEqual([
			'src/content/docs/a.mdx:7:2 排版 中英文之间、中文与数字之间加一个空格；中文语境用全角标点：「在Linux上用Runc创建」应为「在 Linux 上用 Runc 创建」，「空间,完成」应为「空间，完成」\n    修复：运行 npm run lint:fix 自动修复',
			'src/content/docs/a.mdx:7:9 专有名词 「Runc」应按官方写法写作「runc」（CONTRIBUTING.md「写作规范」）\n    修复：运行 npm run lint:fix 自动修复',
			'src/content/docs/a.mdx:7:15 术语 「名字空间」不是本系列用语：namespace 统一写作「命名空间」（CONTRIBUTING.md「术语表」）\n    修复：把「名字空间」改为「命名空间」',
		]);
	});

	test('applies every automatic fix and leaves what needs a writer', async () => {
		const result = await fixFile('src/content/docs/a.mdx', article, config);
		expect(result.text).toBe(article.replace('在Linux上用Runc创建名字空间,完成。', '在 Linux 上用 runc 创建名字空间，完成。'));
		expect(result.left.map((f) => f.rule)).toEqual(['术语']);
	});
});

describe('articleSpecLinkProblems', () => {
	const checked = { runtime: 'v1.3.0' };

	test('accepts a link at the release the article was checked against', () => {
		expect(articleSpecLinkProblems('https://github.com/opencontainers/runtime-spec/blob/v1.3.0/config-linux.md#namespaces', checked)).toEqual([]);
	});

	test('flags a link at another release and gives the link to write', () => {
		const [problem] = articleSpecLinkProblems('https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md', checked);
		expect(problem?.message).toBe('规范链接「https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md」指向 v1.2.0，而本文 specs.runtime 写的是 v1.3.0');
		expect(problem?.hint).toContain('https://github.com/opencontainers/runtime-spec/blob/v1.3.0/config.md');
	});

	test('flags a link into a spec the article does not say it was checked against', () => {
		const [problem] = articleSpecLinkProblems('https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md', checked);
		expect(problem?.message).toBe('本文链接了 image-spec v1.1.1，但 frontmatter 的 specs 没有写 image');
	});

	test('accepts a link to an older release whose link text names that release', () => {
		expect(articleSpecLinkProblems('https://github.com/opencontainers/runtime-spec/blob/v1.1.0/ChangeLog', checked, 'v1.1.0')).toEqual([]);
		expect(articleSpecLinkProblems('https://github.com/opencontainers/runtime-spec/blob/v1.1.0/ChangeLog', checked, '运行时规范 v1.1.0 的变更')).toEqual([]);
	});

	test('flags an older release the link text does not name, and says how to mark it as historical', () => {
		const [problem] = articleSpecLinkProblems('https://github.com/opencontainers/runtime-spec/blob/v1.1.0/config.md', checked, '配置');
		expect(problem?.hint).toContain('[v1.1.0](https://github.com/opencontainers/runtime-spec/blob/v1.1.0/config.md)');
	});

	test('flags a release newer than the one checked, whatever the link text says', () => {
		const [problem] = articleSpecLinkProblems('https://github.com/opencontainers/runtime-spec/blob/v1.4.0/config.md', checked, 'v1.4.0');
		expect(problem?.message).toContain('指向 v1.4.0');
		expect(problem?.hint).not.toContain('旧版本');
	});

	test('reads the link text of Markdown links in articles', async () => {
		const article = '---\ntitle: 测试\nspecs:\n  runtime: v1.3.0\n---\n\n`time` 命名空间从 [v1.1.0](https://github.com/opencontainers/runtime-spec/blob/v1.1.0/config-linux.md#namespaces) 开始有，见[规范](https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md)。\n';
		const findings = (await lintFile('src/content/docs/oci-02-runtime-spec.mdx', article, loadLintConfig(root))).filter((f) => f.rule === '外部链接');
		expect(findings.map((finding) => finding.message)).toEqual(['规范链接「https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md」指向 v1.2.0，而本文 specs.runtime 写的是 v1.3.0']);
	});

	test('reaches articles through the content lint', async () => {
		const article = '---\ntitle: 测试\nspecs:\n  runtime: v1.3.0\n---\n\n见 [命名空间](https://github.com/opencontainers/runtime-spec/blob/v1.1.0/config-linux.md)。\n';
		const findings = await lintFile('src/content/docs/oci-02-runtime-spec.mdx', article, loadLintConfig(root));
		expect(findings.map((finding) => finding.message)).toContain(
			'规范链接「https://github.com/opencontainers/runtime-spec/blob/v1.1.0/config-linux.md」指向 v1.1.0，而本文 specs.runtime 写的是 v1.3.0',
		);
	});
});

describe('content lint of Astro files and link text', () => {
	test('leaves the TypeScript frontmatter of an Astro file alone but checks its template', () => {
		const code = "---\nconst labels = '标签,列表';\n---\n";
		expect(checkTypography('src/pages/x.astro', `${code}<p>正文</p>\n`)).toEqual([]);
		expect(checkTypography('src/pages/x.astro', `${code}<p>标签,列表</p>\n`).length).toBeGreaterThan(0);
	});

	test('flags link text that says nothing out of context, in Chinese and in English', async () => {
		const chinese = await lintFile('README.md', '# 标题\n\n详情见[这里](https://example.com/)，或见[更多。](#more)\n', config);
		expect(brief(chinese.filter((finding) => finding.rule === '链接文字'))).toEqual(['3:4 链接文字 链接文字「这里」没有说明链接到哪里', '3:33 链接文字 链接文字「更多」没有说明链接到哪里']);
		const english = await checkMarkdown('README.md', '# Title\n\nSee [here](https://example.com/).\n', config.markdownlint);
		expect(english.map((finding) => finding.rule)).toContain('MD059/descriptive-link-text');
	});

	test('accepts Chinese link text that names where the link goes', async () => {
		const findings = await lintFile('README.md', '# 标题\n\n[运行时规范](https://example.com/)管的是最后一段，见[生命周期](#lifecycle)。\n', config);
		expect(findings.filter((finding) => /链接文字|MD059/.test(finding.rule))).toEqual([]);
	});
});

describe('checkUnitsAndQuotes', () => {
	test('puts a space between a number and its unit, and fixes it', () => {
		const [finding] = checkUnitsAndQuotes('a.md', '内存上限是 512MB。');
		expect(finding?.message).toBe('数字与单位之间加空格：「512MB」应为「512 MB」（CONTRIBUTING.md「写作规范」；百分号和度数除外）');
		expect(finding?.fix).toEqual({ offset: 6, old: '512MB', new: '512 MB' });
	});

	test('leaves percentages, spaced units and identifiers alone', () => {
		expect(checkUnitsAndQuotes('a.md', '占用 15%，上限 512 MB，镜像 sha256 与 v1.3.0、x86s、2s-run。')).toEqual([]);
	});

	test('asks for corner brackets instead of ASCII quotes around Chinese', () => {
		const [finding] = checkUnitsAndQuotes('a.md', '这叫做 "不透明 whiteout"。');
		expect(finding?.fix?.new).toBe('「不透明 whiteout」');
	});

	test('leaves ASCII quotes around English alone', () => {
		expect(checkUnitsAndQuotes('a.md', '字段值为 "linux"。')).toEqual([]);
	});
});

describe('prose inside markup', () => {
	const article = (body: string) => `---\ntitle: 示例\n---\n\n${body}\n`;

	test('checks a diagram caption, description and SVG labels, where the writer typed them', async () => {
		const text = article('<Diagram caption="镜像清单指向config" description="左边的manifest指向右边。">\n  <svg viewBox="0 0 10 10"><text class="muted">解包到rootfs</text><text>manifest</text></svg>\n</Diagram>');
		const findings = (await lintFile('src/content/docs/oci-09-example.mdx', text, config)).filter((f) => f.rule === '排版');
		expect(findings.map((f) => `${f.line}:${f.column}`)).toEqual(['5:25', '5:49', '6:51']);
		const fixed = (await fixFile('src/content/docs/oci-09-example.mdx', text, config)).text;
		expect(fixed).toContain('caption="镜像清单指向 config" description="左边的 manifest 指向右边。"');
		expect(fixed).toContain('<text class="muted">解包到 rootfs</text>');
	});

	test('leaves other attributes and English-only labels alone', () => {
		const text = article('<Diagram caption="图" description="说明">\n  <svg viewBox="0 0 10 10"><path d="M0 0h10" class="pill-text" /><text>manifest</text></svg>\n</Diagram>');
		const prose = proseOf('src/content/docs/oci-09-example.mdx', text);
		expect(prose.replace(/\s+/g, ' ').trim()).toBe('示例 图 说明');
	});
});

describe('checkPublishing', () => {
	const file = 'src/content/docs/oci-09-example.mdx';
	const head = (status: string) => `---\ntitle: 示例\nstatus: ${status}\ntopics:\n  - 基础概念\n  - 动手实验\n---\n`;
	const prose = '容器是受限的进程。'.repeat(Math.ceil(MIN_CHINESE_CHARACTERS / 8));
	const complete = [
		head('published'),
		'本文适合初学者，读完能运行一个容器。前置知识：会用 Linux 命令行。\n',
		'## 基础概念 \\{#concepts\\}\n',
		`${prose}\n`,
		'见[规范](https://github.com/opencontainers/runtime-spec/blob/v1.3.0/config.md)和 <ArticleLink id="oci-02-runtime-spec" />。\n',
		'<Diagram caption="图" description="说明">\n<svg />\n</Diagram>\n',
		'## 动手实验 \\{#lab\\}\n',
		'<Lab name="oci-09-example/run" />\n',
		'## 总结 \\{#summary\\}\n',
		'| 概念 | 要点 |\n|---|---|\n| 容器 | 进程 |\n',
		'## 常见误区 \\{#pitfalls\\}\n',
		'误区。\n',
		'## 下一步 \\{#next-steps\\}\n',
		'读第二篇。\n',
	].join('\n');

	test('passes an article that meets every checkable part of the standard', () => {
		expect(brief(checkPublishing(file, complete))).toEqual([]);
	});

	test('checks only published articles', () => {
		expect(checkPublishing(file, `${head('review')}\n短。\n`)).toEqual([]);
		expect(checkPublishing('README.md', `${head('published')}\n短。\n`)).toEqual([]);
	});

	test('counts the Chinese characters of prose, not of code or frontmatter', () => {
		expect(chineseCharacters(`${head('draft')}\n容器进程\n\n\`\`\`sh\n# 注释里的汉字\n\`\`\`\n\`行内代码\`\n`)).toBe(4);
	});

	test('names what a short, incomplete article is missing', () => {
		const findings = brief(checkPublishing(file, `${head('published')}\n## 基础概念 \\{#concepts\\}\n\n容器。\n\n## 总结 \\{#summary\\}\n\n没有表格。\n`));
		expect(findings.join('\n')).toMatch(/只有 12 个汉字，至少要 8000 个/);
		for (const missing of ['「适合」', '「前置知识」', '「动手实验」不是文章的二级标题', '「总结」一节没有表格', '「常见误区」', '「下一步」', '没有图示', '没有由测试执行的动手实验', '发布标签', '其他文章']) {
			expect(findings.join('\n')).toContain(missing);
		}
		expect(findings.every((finding) => finding.includes('发布标准'))).toBe(true);
	});

	test('points at the topics line in the frontmatter for a topic that is not a heading', () => {
		const finding = checkPublishing(file, complete.replace('## 动手实验', '## 实验'))[0];
		expect(finding).toMatchObject({ line: 2, rule: '发布标准' });
		expect(finding?.hint).toContain('## 动手实验');
	});

	test('reads a heading as the page shows it: a marker the heading-anchors plugin does not take stays in its text', () => {
		expect(brief(checkPublishing(file, complete.replace('## 动手实验 \\{#lab\\}', '## 动手实验 {#lab}')))).toEqual([]);
		const findings = brief(checkPublishing(file, complete.replace('## 动手实验 \\{#lab\\}', '## 动手实验 \\{#Lab\\}')));
		expect(findings.join('\n')).toContain('「动手实验」不是文章的二级标题');
	});
});
