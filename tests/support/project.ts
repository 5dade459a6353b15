/** Copies of this project with changed content, built with the real toolchain, for tests of whole builds. */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** What the project's source consists of: everything a build reads, without node_modules and build output. */
const SOURCES = ['src', 'public', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json', 'netlify.toml', 'CONTRIBUTING.md'];

/** A throwaway copy of the project. */
export interface ProjectCopy {
	dir: string;
	/** Replaces the text of a file, given its path relative to the project. */
	edit(path: string, change: (text: string) => string): Promise<void>;
	/** Runs `astro build` in the copy. */
	build(env?: Record<string, string>): Promise<BuildResult>;
	remove(): Promise<void>;
}

export interface BuildResult {
	code: number | null;
	/** stdout and stderr together, without terminal colours. */
	output: string;
	dist: string;
}

/**
 * Copies the project's sources to a temporary folder inside the project (under .test-builds/, git-ignored), so
 * that the copy resolves packages from the project's own node_modules as an ordinary build does.
 */
export async function copyProject(): Promise<ProjectCopy> {
	await mkdir(join(root, '.test-builds'), { recursive: true });
	const dir = await mkdtemp(join(root, '.test-builds', 'site-'));
	for (const source of SOURCES) await cp(join(root, source), join(dir, source), { recursive: true }).catch(ignoreMissing);
	return {
		dir,
		edit: async (path, change) => writeFile(join(dir, path), change(await readFile(join(dir, path), 'utf8'))),
		build: (env = {}) => astroBuild(dir, env),
		remove: () => rm(dir, { recursive: true, force: true }),
	};
}

function ignoreMissing(error: NodeJS.ErrnoException) {
	if (error.code !== 'ENOENT') throw error;
}

/** Runs `astro build` in a project folder and collects what it printed. */
export function astroBuild(dir: string, env: Record<string, string> = {}): Promise<BuildResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(join(root, 'node_modules/.bin/astro'), ['build'], {
			cwd: dir,
			// Vitest sets NODE_ENV=test, which would make the build a development build without search.
			env: { ...process.env, NODE_ENV: 'production', ...env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, ''), dist: join(dir, 'dist') }));
	});
}
