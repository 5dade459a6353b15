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
		expect(immutable).toEqual(['/_astro/*', '/pagefind/fragment/*', '/pagefind/index/*', '/pagefind/filter/*']);
	});
});

describe('package.json', () => {
	const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

	test('pins pagefind exactly, since its Chinese segmentation changes between releases', () => {
		expect(pkg.dependencies.pagefind).toMatch(/^\d+\.\d+\.\d+$/);
	});

	test('the lock file records every optional platform package, so npm ci on a fresh machine accepts it', () => {
		const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { optionalDependencies?: Record<string, string> }> };
		const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
			Object.keys(entry.optionalDependencies ?? {})
				.filter((name) => !lock.packages[`node_modules/${name}`] && !lock.packages[`${path}/node_modules/${name}`])
				.map((name) => `${path} → ${name}`),
		);
		expect(missing, '这些可选依赖不在 package-lock.json 中（注册表上可能没有该版本），npm ci 会拒绝安装').toEqual([]);
	});

	test('brings its own Node 22 for Astro 7', () => {
		expect(pkg.devDependencies.node).toMatch(/^22\./);
	});
});
