import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		projects: [
			{ test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
			{ test: { name: 'lint', include: ['tests/lint/**/*.test.ts'] } },
			{ test: { name: 'build', include: ['tests/build/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
			{ test: { name: 'examples', include: ['tests/examples/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
			{
				test: {
					name: 'site',
					include: ['tests/site/**/*.test.ts', 'tests/e2e/**/*.spec.ts'],
					globalSetup: ['tests/support/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
				},
			},
		],
	},
});
