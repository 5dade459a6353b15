/** Where the project's source lives, for edit links and issue links. */
import { execFileSync } from 'node:child_process';

/** The GitHub repository address from Netlify's REPOSITORY_URL or a git remote, if either is a GitHub address. */
export function githubRepository(env: Record<string, string | undefined>, gitRemote: string | undefined): string | undefined {
	const match = (env.REPOSITORY_URL ?? gitRemote)?.match(/github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/);
	return match ? `https://github.com/${match[1]}/${match[2]}` : undefined;
}

/** This checkout's `origin` remote, or undefined where there is none. */
function originRemote(): string | undefined {
	try {
		return execFileSync('git', ['remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return undefined;
	}
}

/** The repository of the site being built, from the environment or the checkout. */
export const repository = githubRepository(process.env, originRemote());

/** The branch edit links point at: Netlify's HEAD (the branch being built), else `main`. */
export const branch = process.env.HEAD ?? 'main';

/** The address where a file of the repository (path from the repository root) can be edited, if it is known. */
export const editUrl = (path: string) => repository && `${repository}/edit/${branch}/${path}`;
