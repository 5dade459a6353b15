/** Redirect rules for the addresses the series had on its old VuePress site. */

/**
 * Netlify `_redirects` lines for the old `/<article>.html` and `/<article>.md` addresses: to the article's page
 * where it has one, otherwise (a draft) temporarily to the series list on the home page.
 */
export function legacyRedirectRules(articleIds: readonly string[], builtPaths: ReadonlySet<string>): string[] {
	return [...articleIds].sort().flatMap((id) => {
		const [target, code] = builtPaths.has(`${id}/`) ? [`/${id}/`, 301] : ['/#series', 302];
		return [`/${id}.html ${target} ${code}`, `/${id}.md ${target} ${code}`];
	});
}
