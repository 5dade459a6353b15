import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { frontmatterBlock } from '../support/content';
import { copyProject, type ProjectCopy } from '../support/project';

/** Builds a copy of the project after one edit, and returns what the build printed; the build must fail. */
async function failingBuild(path: string, change: (text: string) => string): Promise<string> {
	const copy = await copyProject();
	copies.push(copy);
	await copy.edit(path, change);
	const result = await copy.build();
	expect(result.code, result.output).not.toBe(0);
	return result.output;
}

const copies: ProjectCopy[] = [];
afterAll(async () => {
	await Promise.all(copies.map((copy) => copy.remove()));
});

describe('a contributor who breaks the content', () => {
	let unknownAudience: string;
	beforeAll(async () => {
		unknownAudience = await failingBuild('src/content/docs/oci-03-image-spec.mdx', (text) => text.replace('audience: [devops-engineer, image-builder]', 'audience: [devops-engineer, 镜像构建者]'));
	});

	test('sees the file, the field, the value found and the values allowed when an audience is unknown', () => {
		expect(unknownAudience).toContain('oci-03-image-spec');
		expect(unknownAudience).toContain('audience（适合人群）的值 "镜像构建者" 不符合要求');
		expect(unknownAudience).toContain('image-builder（镜像构建者）');
		expect(unknownAudience).toContain('写法示例：audience: [beginner, decision-maker]');
	});

	test('sees both files when two articles claim the same place in the series', async () => {
		const output = await failingBuild('src/content/docs/oci-06-monitoring-guide.mdx', (text) => text.replace('order: 6\n', 'order: 5\n'));
		expect(output).toContain('series.order: 5 被 2 篇文章同时占用');
		expect(output).toContain('oci-05-security-guide.mdx');
		expect(output).toContain('oci-06-monitoring-guide.mdx');
		expect(output).toContain('系列第 6 篇缺失');
	});

	test('sees which learning path names an article that does not exist', async () => {
		const output = await failingBuild('src/content/paths.yaml', (text) => text.replace('{ article: oci-08-hooks-deep-dive,', '{ article: oci-08-hooks,'));
		expect(output).toContain('学习路径 extension 的第 3 步写的 article: oci-08-hooks 不是任何一篇文章的 id');
		expect(output).toContain('可用的 id：oci-01-intro-guide、');
	});
});

describe('a contributor who adds a diagram', () => {
	test('cannot leave out its text description', async () => {
		// The article's own body is replaced, so the test does not depend on what the article says by now.
		const output = await failingBuild('src/content/docs/oci-08-hooks-deep-dive.mdx', (text) =>
			frontmatterBlock(text)!.block.replace(/^status: \w+$/m, 'status: review') +
			"\nimport Diagram from '../../components/Diagram.astro';\n\n## 图示 \\{#diagram\\}\n\n<Diagram caption=\"从镜像到容器\" description=\"\"><svg viewBox=\"0 0 10 10\"></svg></Diagram>\n",
		);
		expect(output).toContain('<Diagram> 需要非空的 caption 和 description（图示「从镜像到容器」）');
	});
});
