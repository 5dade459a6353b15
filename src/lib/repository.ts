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
