import { createHash } from 'node:crypto';
import type { AstroUserConfig } from 'astro';

/**
 * The site's Content Security Policy, given to Astro, which adds the hash of every script and style it emits to a
 * `<meta http-equiv="content-security-policy">` on each page: no script runs unless the build produced it.
 * Pagefind needs WebAssembly (`'wasm-unsafe-eval'`) and loads its index with `fetch` from this origin. Styles may be
 * inline because Starlight's components set CSS variables in `style` attributes; scripts may not.
 */
export const contentSecurityPolicy: Exclude<NonNullable<AstroUserConfig['security']>['csp'], boolean | undefined> = {
	directives: [
		"default-src 'self'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		"worker-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
	],
	scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
	styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
};

/** The CSP hash source of an inline script's text, e.g. `'sha256-…'`. */
export function scriptHash(text: string): string {
	return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)(?:\s[^>]*)?>([\s\S]*?)<\/script>/g;
const POLICY_META = /(<meta http-equiv="content-security-policy" content=")([^"]*)(")/;

/**
 * Adds to a page's CSP `<meta>` the hashes of its inline scripts that Astro did not hash itself (Starlight's
 * `is:inline` scripts, such as the theme provider), so that every script on the page, and no other, may run.
 * Returns the page unchanged when it has no CSP `<meta>`.
 */
export function hashInlineScripts(html: string): string {
	const policy = POLICY_META.exec(html);
	if (!policy) return html;
	const hashes = [...html.matchAll(INLINE_SCRIPT)].map((match) => scriptHash(match[1]!));
	const content = policy[2]!.replace(/script-src ([^;]*)/, (directive, sources: string) => {
		const missing = [...new Set(hashes)].filter((hash) => !sources.includes(hash));
		return missing.length > 0 ? `script-src ${sources.trim()} ${missing.join(' ')}` : directive;
	});
	return html.replace(POLICY_META, `$1${content}$3`);
}
