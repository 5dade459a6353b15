/**
 * Starts a new article with valid frontmatter: `npm run new -- <id> --order <N> --title <标题>`.
 * The file is a draft (no page, no search entry) until its author sets `status: published`. After writing it,
 * `astro sync` checks the frontmatter against the real content schema.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const docs = 'src/content/docs';

function fail(message: string): never {
	console.error(`✗ ${message}`);
	process.exit(1);
}

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { order: { type: 'string' }, title: { type: 'string' } },
});
const [id] = positionals;
if (!id || !values.order || !values.title) {
	fail('用法：npm run new -- <文章 id> --order <系列中的位置> --title <标题>\n  例如：npm run new -- oci-09-rootless-guide --order 9 --title "OCI rootless 容器实践"');
}
if (!/^oci-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) fail(`文章 id “${id}” 应形如 oci-09-rootless-guide：oci-、两位序号、小写英文单词用连字符相连。`);
const order = Number(values.order);
const file = `${docs}/${id}.mdx`;
if (existsSync(file)) fail(`${file} 已经存在。`);

const taken = readdirSync(docs)
	.filter((name) => name.endsWith('.mdx') || name.endsWith('.md'))
	.find((name) => new RegExp(`^series: \\{ order: ${order},`, 'm').test(readFileSync(`${docs}/${name}`, 'utf8')));
if (taken) fail(`series.order ${order} 已被 ${docs}/${taken} 占用。若系列要扩充，先在 src/lib/vocabulary.ts 中调大 SERIES_LENGTH。`);

const today = new Date().toISOString().slice(0, 10);
writeFileSync(
	file,
	`---
title: ${values.title}
description: 一句话说明本文讲什么、读完能做什么（约 80 字以内）。
series: { order: ${order}, part: 篇名, short: 简称 }
audience: [beginner]
status: draft
topics:
  - 第一个主要章节
specs: { runtime: v1.3.0 }
updated: ${today}
tags: [oci, cloud-native, series]
categories: [cloud-native]
---
`,
);
console.log(`已创建 ${file}（status: draft：不会生成页面）。frontmatter 各字段的含义见 CONTRIBUTING.md。`);

const sync = spawnSync('astro', ['sync'], { encoding: 'utf8' });
if (sync.status !== 0) fail(`astro sync 报告 frontmatter 有误：\n${sync.stdout}${sync.stderr}`);
console.log('astro sync 通过：frontmatter 符合内容模型。');
