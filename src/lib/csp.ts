import { createHash } from 'node:crypto';
import type { AstroUserConfig } from 'astro';

/**
 * The site's Content Security Policy, given to Astro, which writes it into a `<meta>` on each page with the hashes
 * of the scripts it bundles; `hashInlineScripts` below completes it after the build. No script runs unless the build
 * produced it. What each allowance is for:
 * - `'wasm-unsafe-eval'`: Pagefind compiles its WebAssembly on the page when it cannot use its worker.
 * - `worker-src 'self'`: Pagefind's search worker (it would fall back to script-src; stated for clarity).
 * - `img-src data:`: Starlight's and Expressive Code's stylesheets draw small icons as `data:` SVG images.
 * - `style-src 'unsafe-inline'`: Starlight's components set CSS variables in `style` attributes. Scripts: never.
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
const POLICY_META = /<meta http-equiv="content-security-policy" content="([^"]*)">/;
const CHARSET_META = /<meta charset="[^"]*"\s*\/?>/;

/**
 * Finishes a page's CSP `<meta>`, which Astro writes: its `script-src` lists exactly the hashes of the inline
 * scripts on this page (Astro hashes only the scripts it bundles, not Starlight's `is:inline` ones such as the theme
 * provider, and it lists every script of the site on every page), and the `<meta>` moves right after
 * `<meta charset>`, because a policy in a `<meta>` only governs what comes after it.
 * Returns the page unchanged when it has no CSP `<meta>`.
 */
export function hashInlineScripts(html: string): string {
	const policy = POLICY_META.exec(html);
	if (!policy) return html;
	const hashes = [...new Set([...html.matchAll(INLINE_SCRIPT)].map((match) => scriptHash(match[1]!)))];
	const content = policy[1]!.replace(/script-src ([^;]*)/, (_, sources: string) => {
		const kept = sources.split(/\s+/).filter((source) => source !== '' && !source.startsWith("'sha"));
		return `script-src ${[...kept, ...hashes].join(' ')}`;
	});
	const meta = `<meta http-equiv="content-security-policy" content="${content}">`;
	const without = html.replace(policy[0], '');
	const charset = CHARSET_META.exec(without);
	return charset ? without.replace(charset[0], `${charset[0]}${meta}`) : without.replace('<head>', `<head>${meta}`);
}
