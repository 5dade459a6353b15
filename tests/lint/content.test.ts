import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { contentFiles, lintProject } from '../../src/lib/lint/content';
import { FIX_COMMAND, formatFinding } from '../../src/lib/lint/findings';
import { LAB_PACKAGES } from '../../src/lib/system-packages';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('content lint', () => {
	test('covers the articles, data, UI strings, README, CONTRIBUTING and Astro templates, not labs or example JSON', () => {
		const files = contentFiles(root);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'src/content/docs/oci-01-intro-guide.mdx', 'src/content/paths.yaml', 'src/content/i18n/zh-CN.json', 'src/pages/index.astro']));
		expect(files.filter((file) => /\.lab\.|\/docs\/.*\.json$/.test(file))).toEqual([]);
	});

	test('finds no typography, terminology, Markdown or link problems in the content', async () => {
		const findings = (await lintProject(root)).map(formatFinding);
		expect(findings, `内容检查发现问题（npm run lint 列出全部，${FIX_COMMAND} 自动修复能修的）：\n${findings.join('\n')}`).toEqual([]);
	});

	test('the setup guide of article 01 installs exactly the packages the labs are tested with', () => {
		const article = readFileSync(`${root}src/content/docs/oci-01-intro-guide.mdx`, 'utf8');
		const commands = [...article.matchAll(/^sudo apt-get install -y (.+)$/gm)].map((match) => match[1]!.split(/\s+/));
		expect(commands, '文章 01 的「安装工具」一节应有一行 sudo apt-get install -y …').toHaveLength(1);
		expect(commands[0]!.sort(), '文章 01 列出的软件包应与 src/lib/system-packages.ts 的 LAB_PACKAGES 一致').toEqual(Object.keys(LAB_PACKAGES).sort());
	});
});
