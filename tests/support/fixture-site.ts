/**
 * A build of the real site with test content: while the real articles are still drafts, this build has a few
 * articles in every status so that pages, search and filters can be exercised. Nothing of it is published.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { frontmatterBlock } from './content.ts';
import { copyProject, type BuildResult, type ProjectCopy } from './project.ts';

/** Makes the folder a git repository of its own with one commit at `date`, so pages get a last-updated date. */
function commitAll(dir: string, date: string) {
	const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
	const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=fixture', '-c', 'user.email=fixture@localhost', ...args], { cwd: dir, env, stdio: 'ignore' });
	git('init', '-q');
	git('add', '-A');
	git('commit', '-q', '-m', 'fixture');
}

/** The repository address the fixture build is told it lives at, to check edit links. */
export const FIXTURE_REPOSITORY = 'https://github.com/example/oci-guide';

/** The lab the fixture's runtime article shows with `<Lab>`, by name under src/content/docs. */
export const FIXTURE_LAB = 'oci-01-intro-guide/image-to-runc';

/** What the fixture changes, article by article: its status, optionally its specs, and a body with test words. */
export const FIXTURE_ARTICLES = {
	'oci-02-runtime-spec': {
		status: 'published',
		body: [
			"import Lab from '../../components/Lab.astro';",
			'## 命名空间 \\{#namespaces\\}',
			'测试夹具正文：运行时配置里的命名空间隔离与控制组资源限制。',
			`<Lab name="${FIXTURE_LAB}" />`,
			'## 挂载 \\{#mounts\\}',
			'测试夹具正文：挂载点的传播方式。',
		].join('\n\n') + '\n',
	},
	'oci-03-image-spec': {
		status: 'review',
		body: [
			"import Diagram from '../../components/Diagram.astro';",
			'',
			'## 镜像清单 \\{#manifest\\}',
			'',
			'测试夹具正文：镜像清单通过描述符指向镜像配置与层。',
			'',
			'<Diagram caption="镜像清单指向配置与层" description="测试夹具图示：左边的镜像清单用两个描述符分别指向右边的镜像配置和一个层。">',
			'  <svg viewBox="0 0 300 80" xmlns="http://www.w3.org/2000/svg"><rect x="5" y="25" width="90" height="30" fill="none" stroke="currentColor" /><text x="50" y="45" text-anchor="middle" fill="currentColor" font-size="12">manifest</text><path d="M95 40 H200" stroke="currentColor" /><rect x="200" y="25" width="90" height="30" fill="none" stroke="currentColor" /><text x="245" y="45" text-anchor="middle" fill="currentColor" font-size="12">config</text></svg>',
			'</Diagram>',
			'',
		].join('\n'),
	},
	'oci-04-distribution-spec': {
		status: 'published',
		specs: { distribution: 'v1.0.1' },
		body: '## 注册表接口 \\{#registry-api\\}\n\n测试夹具正文：注册表通过 HTTP 接口分发镜像清单和层。\n',
	},
	'oci-05-security-guide': {
		status: 'draft',
		body: '## 草稿 \\{#draft\\}\n\n这段只属于草稿的文字：蝴蝶兰花园。\n',
	},
} as const;

/** The date of the fixture's one git commit, which Starlight shows as each page's last update. */
export const FIXTURE_COMMIT_DATE = '2026-01-15T08:00:00Z';

/** A word that only the draft's body contains: it must never be found by search. */
export const DRAFT_ONLY_WORD = '蝴蝶兰';

/**
 * Copies the project, applies `FIXTURE_ARTICLES` and builds it. The fixture's content is all its own, whatever the
 * real articles say by now: listed articles get the fixture's status and body in place of theirs, the others become
 * drafts without a body.
 */
export async function buildFixtureSite(): Promise<{ copy: ProjectCopy; result: BuildResult }> {
	const copy = await copyProject();
	const fixtures: Record<string, { status: string; specs?: Record<string, string>; body: string }> = FIXTURE_ARTICLES;
	for (const file of readdirSync(join(copy.dir, 'src/content/docs'))) {
		const id = /^(oci-\d\d-[^/]+)\.mdx$/.exec(file)?.[1];
		if (!id) continue;
		const fixture = fixtures[id] ?? { status: 'draft', body: '' };
		await copy.edit(`src/content/docs/${file}`, (text) => {
			let changed = (frontmatterBlock(text)?.block ?? text).replace(/^status: \w+$/m, `status: ${fixture.status}`);
			if (fixture.specs) {
				const specs = Object.entries(fixture.specs).map(([spec, release]) => `  ${spec}: ${release}\n`).join('');
				changed = changed.replace(/^specs:\n(?: {2}.*\n)+/m, `specs:\n${specs}`);
			}
			return `${changed}\n${fixture.body}`;
		});
	}
	commitAll(copy.dir, FIXTURE_COMMIT_DATE);
	const result = await copy.build({ REPOSITORY_URL: FIXTURE_REPOSITORY });
	if (result.code !== 0) throw new Error(`测试夹具站点构建失败：\n${result.output}`);
	return { copy, result };
}
