import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('netlify.toml', () => {
	const config = parse(read('netlify.toml')) as {
		build: { command: string; publish: string; environment: Record<string, string> };
		headers: { for: string; values: Record<string, string> }[];
	};

	test('builds with the project’s build script into dist on Node 22', () => {
		expect(config.build).toMatchObject({ command: 'npm run build', publish: 'dist', environment: { NODE_VERSION: '22' } });
		expect(JSON.parse(read('package.json')).scripts.build).toBe('astro build');
	});

	test('sends the security headers on every response', () => {
		const all = config.headers.find((rule) => rule.for === '/*')?.values ?? {};
		expect(all).toMatchObject({
			'Content-Security-Policy': "frame-ancestors 'none'",
			'X-Frame-Options': 'DENY',
			'X-Content-Type-Options': 'nosniff',
			'Referrer-Policy': 'strict-origin-when-cross-origin',
		});
		expect(all['Permissions-Policy']).toContain('camera=()');
		expect(all['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}/);
	});

	test('caches hashed assets for a year as immutable, and nothing else', () => {
		const immutable = config.headers.filter((rule) => rule.values['Cache-Control']?.includes('immutable')).map((rule) => rule.for);
		expect(immutable).toEqual(['/_astro/*', '/pagefind/fragment/*', '/pagefind/index/*']);
	});
});

describe('package.json', () => {
	const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

	test('pins pagefind exactly, since its Chinese segmentation changes between releases', () => {
		expect(pkg.dependencies.pagefind).toMatch(/^\d+\.\d+\.\d+$/);
	});

	test('brings its own Node 22 for Astro 7', () => {
		expect(pkg.devDependencies.node).toMatch(/^22\./);
	});
});
