/** The site's public address: Netlify's deploy URL on previews and branch deploys, its main URL in production. */
export function siteUrl(env: Record<string, string | undefined>, fallback: string): string {
	if (env.CONTEXT && env.CONTEXT !== 'production' && env.DEPLOY_PRIME_URL) return env.DEPLOY_PRIME_URL;
	return env.URL ?? fallback;
}
