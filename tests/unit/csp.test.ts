import { describe, expect, test } from 'vitest';
import { hashInlineScripts, scriptHash } from '../../src/lib/csp';

const page = (policy: string, scripts: string[]) =>
	`<html><head><meta charset="utf-8"/><title>t</title>${scripts.map((s) => `<script>${s}</script>`).join('')}<meta http-equiv="content-security-policy" content="${policy}"><script type="module" src="/_astro/a.js"></script></head></html>`;

const policyOf = (html: string) => /content-security-policy" content="([^"]*)"/.exec(html)![1]!;

describe('hashInlineScripts', () => {
	test('lists the hash of every inline script on the page', () => {
		const html = hashInlineScripts(page("default-src 'self'; script-src 'self'; style-src 'self'", ['theme()']));
		expect(policyOf(html)).toBe(`default-src 'self'; script-src 'self' ${scriptHash('theme()')}; style-src 'self'`);
	});

	test('drops hashes of scripts that are not on this page, and lists each script once', () => {
		const elsewhere = scriptHash('other()');
		const html = hashInlineScripts(page(`script-src 'self' 'wasm-unsafe-eval' ${elsewhere}`, ['a()', 'a()']));
		expect(policyOf(html)).toBe(`script-src 'self' 'wasm-unsafe-eval' ${scriptHash('a()')}`);
	});

	test('hashes the exact text between the tags, whitespace included', () => {
		expect(scriptHash('\n\tx();\n')).not.toBe(scriptHash('x();'));
		expect(policyOf(hashInlineScripts(page("script-src 'self'", ['\n\tx();\n'])))).toContain(scriptHash('\n\tx();\n'));
	});

	test('moves the policy before every script, right after the charset', () => {
		const html = hashInlineScripts(page("script-src 'self'", ['early()']));
		expect(html.indexOf('content-security-policy')).toBeLessThan(html.indexOf('<script'));
		expect(html).toMatch(/^<html><head><meta charset="utf-8"\/><meta http-equiv="content-security-policy"/);
		expect(html.match(/content-security-policy/g)).toHaveLength(1);
	});

	test('does not touch a page without a policy', () => {
		const html = '<html><head><script>a()</script></head></html>';
		expect(hashInlineScripts(html)).toBe(html);
	});
});
