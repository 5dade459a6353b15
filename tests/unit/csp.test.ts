import { describe, expect, test } from 'vitest';
import { hashInlineScripts, scriptHash } from '../../src/lib/csp';

const page = (policy: string, scripts: string[]) =>
	`<html><head><meta http-equiv="content-security-policy" content="${policy}">${scripts.map((s) => `<script>${s}</script>`).join('')}<script type="module" src="/_astro/a.js"></script></head></html>`;

describe('hashInlineScripts', () => {
	test('adds the hash of an inline script the policy does not list', () => {
		const html = hashInlineScripts(page("default-src 'self'; script-src 'self'; style-src 'self'", ['theme()']));
		expect(html).toContain(`script-src 'self' ${scriptHash('theme()')}; style-src 'self'`);
	});

	test('leaves hashes that are already there, and adds each missing one once', () => {
		const known = scriptHash('a()');
		const html = hashInlineScripts(page(`script-src 'self' ${known}`, ['a()', 'b()', 'b()']));
		expect(html.match(new RegExp(known.replace(/[+/]/g, '\\$&'), 'g'))).toHaveLength(1);
		expect(html.split(scriptHash('b()')).length - 1).toBe(1);
	});

	test('hashes the exact text between the tags, whitespace included', () => {
		expect(scriptHash('\n\tx();\n')).not.toBe(scriptHash('x();'));
		expect(hashInlineScripts(page("script-src 'self'", ['\n\tx();\n']))).toContain(scriptHash('\n\tx();\n'));
	});

	test('does not touch a page without a policy, or external scripts', () => {
		const html = '<html><head><script>a()</script></head></html>';
		expect(hashInlineScripts(html)).toBe(html);
		expect(hashInlineScripts(page("script-src 'self'", []))).toBe(page("script-src 'self'", []));
	});
});
