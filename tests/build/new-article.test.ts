import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyProject, type ProjectCopy } from '../support/project';

let copy: ProjectCopy;
beforeAll(async () => {
	copy = await copyProject();
	await copy.edit('src/lib/vocabulary.ts', (text) => text.replace('export const SERIES_LENGTH = 8;', 'export const SERIES_LENGTH = 9;'));
});
afterAll(async () => {
	await copy.remove();
});

/** Runs `npm run new` in the copy with these arguments. */
function newArticle(args: string[]) {
	const result = spawnSync(process.execPath, ['scripts/new-article.ts', ...args], { cwd: copy.dir, encoding: 'utf8' });
	return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const complete = (id: string, order: string) => [
	id,
	...['--order', order, '--title', 'OCI rootless 容器实践', '--description', '用户命名空间与 rootless 容器。'],
	...['--part', 'rootless 实践', '--short', 'rootless 实践', '--audience', 'runtime-developer,sysadmin'],
	...['--topic', '用户命名空间映射', '--topic', 'rootless 的限制', '--spec', 'runtime=v1.3.0'],
];

describe('npm run new', () => {
	test('refuses a place another article holds, naming that article', () => {
		const { code, output } = newArticle(complete('oci-09-clash', '5'));
		expect(code).toBe(1);
		expect(output).toContain('series.order 5 已被 src/content/docs/oci-05-security-guide.mdx 占用');
	});

	test('refuses to start without every value, showing how to call it', () => {
		const { code, output } = newArticle(['oci-09-bare', '--order', '9']);
		expect(code).toBe(1);
		expect(output).toContain('用法：npm run new --');
	});

	test('writes a draft whose frontmatter the content schema accepts', () => {
		const { code, output } = newArticle(complete('oci-09-rootless-guide', '9'));
		expect(code, output).toBe(0);
		expect(output).toContain('astro sync 通过');
		const text = readFileSync(join(copy.dir, 'src/content/docs/oci-09-rootless-guide.mdx'), 'utf8');
		const frontmatter = parse(/^---\n([\s\S]*?)\n---/.exec(text)![1]!);
		expect(frontmatter).toMatchObject({
			status: 'draft',
			series: { order: 9, part: 'rootless 实践', short: 'rootless 实践' },
			audience: ['runtime-developer', 'sysadmin'],
			topics: ['用户命名空间映射', 'rootless 的限制'],
			specs: { runtime: 'v1.3.0' },
		});
	});

	test('reports a frontmatter mistake through astro sync', () => {
		const { code, output } = newArticle([...complete('oci-10-typo', '9').slice(0, -1), 'runtime=1.3'].map((arg) => (arg === '9' ? '10' : arg)));
		expect(code).toBe(1);
		expect(output).toContain('specs.runtime（规范发布标签）的值 "1.3" 不符合要求');
	});
});
