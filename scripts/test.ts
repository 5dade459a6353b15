/**
 * The whole test suite, as the README and CI run it: system packages, type check, a production build with link
 * validation, every Vitest project (unit, lint, build, examples and labs, built site and browser journeys), then the
 * build and Lighthouse benchmarks, which print their figures and fail below the bar. Ends with one line
 * `tests: N passed, N failed, N skipped`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs one step of the suite; returns whether it succeeded, saying so clearly when it did not. */
function run(title: string, command: string, args: string[]): boolean {
	console.log(`\n▶ ${title}：${[command, ...args].join(' ')}`);
	const { status } = spawnSync(command, args, { stdio: 'inherit' });
	if (status !== 0) console.error(`\n✗ ${title}失败（退出码 ${status}）。上面是它的输出。`);
	return status === 0;
}

/** Runs a step that everything after it depends on: stops the suite when it fails. */
function step(title: string, command: string, args: string[]) {
	if (!run(title, command, args)) process.exit(1);
}

step('检查系统软件包', process.execPath, ['scripts/ensure-system.ts']);
step('类型检查', 'astro', ['check']);
step('构建站点并校验内部链接', 'astro', ['build']);

const report = join(mkdtempSync(join(tmpdir(), 'oci-guide-vitest-')), 'report.json');
console.log(`\n▶ 运行测试：vitest run`);
const { status } = spawnSync('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { stdio: 'inherit' });

const counts = (() => {
	try {
		return JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
	} catch {
		return undefined;
	}
})();
if (!counts) {
	console.error('\n✗ Vitest 没有写出测试报告，测试没有完整运行。');
	process.exit(status || 1);
}
const benchmarks = [
	run('构建基准', process.execPath, ['scripts/bench-build.ts', '--runs', '1']),
	// Three runs per page, keeping the median: one run can fall a point either side of the bar.
	run('Lighthouse 基准', process.execPath, ['scripts/bench-lighthouse.ts', '--runs', '3']),
].every(Boolean);

console.log(`\ntests: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests + counts.numTodoTests} skipped`);
process.exit(status === 0 && benchmarks ? 0 : 1);
