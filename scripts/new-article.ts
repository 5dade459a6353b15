/**
 * Starts a new article as a draft with complete, valid frontmatter, every value given on the command line:
 *
 *   npm run new -- oci-09-rootless-guide --order 9 --title "OCI rootless 容器实践" \
 *     --description "…" --part "rootless 实践" --short "rootless 实践" \
 *     --audience runtime-developer,sysadmin --topic "用户命名空间映射" --topic "…" --spec runtime=v1.3.0
 *
 * It refuses a place that another article holds, writes the file, and runs `astro sync`, which checks the
 * frontmatter against the real content schema and explains any mistake.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';

const docs = 'src/content/docs';

function fail(message: string): never {
	console.error(`✗ ${message}`);
	process.exit(1);
}

const USAGE = `用法：npm run new -- <文章 id> --order <位置> --title <标题> --description <一句话简介> --part <篇名> --short <简称> \\
    --audience <人群,…> --topic <主要章节>（可重复） --spec <规范>=<发布标签>（可重复） [--tag <标签,…>]
  例如：npm run new -- oci-09-rootless-guide --order 9 --title "OCI rootless 容器实践" --description "……" \\
    --part "rootless 实践" --short "rootless 实践" --audience runtime-developer,sysadmin \\
    --topic "用户命名空间映射" --topic "rootless 的限制" --spec runtime=v1.3.0
  各字段的含义和可选值见 CONTRIBUTING.md 的「文章的 frontmatter」一节。`;

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		order: { type: 'string' },
		title: { type: 'string' },
		description: { type: 'string' },
		part: { type: 'string' },
		short: { type: 'string' },
		audience: { type: 'string' },
		topic: { type: 'string', multiple: true },
		spec: { type: 'string', multiple: true },
		tag: { type: 'string', default: 'oci,cloud-native,series' },
	},
});
const [id] = positionals;
const { order, title, description, part, short, audience, topic, spec, tag } = values;
if (!id || !order || !title || !description || !part || !short || !audience || !topic?.length || !spec?.length) fail(USAGE);
if (!/^oci-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) fail(`文章 id「${id}」应形如 oci-09-rootless-guide：oci-、两位序号、用连字符相连的小写英文单词。`);

const file = `${docs}/${id}.mdx`;
if (existsSync(file)) fail(`${file} 已经存在。`);

/** The frontmatter of an existing article file. */
const frontmatterOf = (name: string) => parse(/^---\n([\s\S]*?)\n---/.exec(readFileSync(`${docs}/${name}`, 'utf8'))?.[1] ?? '') as { series?: { order?: number } };
const holder = readdirSync(docs)
	.filter((name) => /\.mdx?$/.test(name))
	.find((name) => frontmatterOf(name).series?.order === Number(order));
if (holder) fail(`series.order ${order} 已被 ${docs}/${holder} 占用。系列要扩充时，先在 src/lib/vocabulary.ts 中调大 SERIES_LENGTH。`);

const specs = Object.fromEntries(
	spec.map((pair) => {
		const [name, release] = pair.split('=');
		if (!name || !release) fail(`--spec 应写成 规范=发布标签，例如 --spec runtime=v1.3.0，而不是「${pair}」。`);
		return [name, release];
	}),
);
const frontmatter = {
	title,
	description,
	series: { order: Number(order), part, short },
	audience: audience.split(','),
	status: 'draft',
	topics: topic,
	specs,
	updated: new Date().toISOString().slice(0, 10),
	tags: tag.split(','),
	categories: ['cloud-native'],
};
writeFileSync(file, `---\n${stringify(frontmatter)}---\n`);
console.log(`已创建 ${file}（status: draft，不会生成页面）。`);

const sync = spawnSync('astro', ['sync'], { encoding: 'utf8' });
if (sync.status !== 0) fail(`astro sync 发现 ${file} 的 frontmatter 有误，请按提示修改：\n${sync.stdout}${sync.stderr}`);
console.log('astro sync 通过：frontmatter 符合内容模型。');
