import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { root } from '../support/project';

/** What `npm audit --json` prints: a report, or an error when the registry will not answer audits. */
interface AuditReport {
	error?: { summary?: string };
	statusCode?: number;
	message?: string;
	vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
	metadata?: { vulnerabilities: Record<string, number> };
}

describe('production dependencies', () => {
	test('have no high or critical advisories in npm audit', (context) => {
		const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
		const report = JSON.parse(run.stdout || '{}') as AuditReport;
		if (!report.metadata && report.statusCode === 405) {
			// This workplace's registry mirror refuses the advisory endpoint (HTTP 405): there is nothing to judge.
			context.skip(`npm audit 无法取得安全公告：${report.message}`);
		}
		expect(report.metadata, `npm audit 没有给出报告：${report.message ?? report.error?.summary ?? run.stderr.trim()}`).toBeDefined();
		const serious = Object.entries(report.vulnerabilities ?? {})
			.filter(([, entry]) => entry.severity === 'high' || entry.severity === 'critical')
			.map(([name, entry]) => `${name}（${entry.severity}）`);
		expect(serious, '生产依赖中有高危或严重的安全公告，运行 npm audit --omit=dev 查看详情').toEqual([]);
	});
});
