/**
 * For the site tests: the real build in dist/ (made by `npm test` before the suite) and a fixture build with
 * articles in every status, both served on 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildFixtureSite } from './fixture-site';
import { root } from './project';
import { serve } from './serve';

declare module 'vitest' {
	export interface ProvidedContext {
		sites: { name: 'real' | 'fixture'; dir: string; dist: string; url: string }[];
	}
}

export default async function setup(project: TestProject) {
	const realDist = join(root, 'dist');
	if (!existsSync(join(realDist, 'index.html'))) throw new Error('dist/ 里没有构建好的站点：先运行 npm run build（npm test 会先构建）。');
	const { copy } = await buildFixtureSite();
	const [real, fixture] = await Promise.all([serve(realDist), serve(join(copy.dir, 'dist'))]);
	project.provide('sites', [
		{ name: 'real', dir: root, dist: realDist, url: real.url },
		{ name: 'fixture', dir: copy.dir, dist: join(copy.dir, 'dist'), url: fixture.url },
	]);
	return async () => {
		await Promise.all([real.close(), fixture.close()]);
		await copy.remove();
	};
}
