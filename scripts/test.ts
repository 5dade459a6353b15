/**
 * The whole test suite, as the README and CI run it: system packages, type check, a production build with link
 * validation, every Vitest project (unit, lint, build, examples and labs, built site and browser journeys), then the
 * build and Lighthouse benchmarks, which print their figures and fail below the bar. Prints how long each stage took
 * and the slowest tests beside their time limits, and ends with one line `tests: N passed, N failed, N skipped`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { formatSeconds, renderTable } from '../src/lib/bench/format.ts';
import config from '../vitest.config.ts';

const stages: [string, number][] = [];

/** Runs one stage of the suite and records its time; returns whether it succeeded, saying so clearly when it did not. */
function run(title: string, command: string, args: string[]): boolean {
	console.log(`\n▶ ${title}：${[command, ...args].join(' ')}`);
	const started = Date.now();
	const { status } = spawnSync(command, args, { stdio: 'inherit' });
	stages.push([title, Date.now() - started]);
	if (status !== 0) console.error(`\n✗ ${title}失败（退出码 ${status}）。上面是它的输出。`);
	return status === 0;
}

/** Runs a stage that everything after it depends on: stops the suite when it fails. */
function step(title: string, command: string, args: string[]) {
	if (!run(title, command, args)) {
		printStages();
		process.exit(1);
	}
}

function printStages() {
	console.log(`\n各阶段用时\n\n${renderTable([{ title: '阶段' }, { title: '用时', align: 'right' }], stages.map(([title, time]) => [title, formatSeconds(time)]))}`);
}

/** The time limit (ms) of a test in a Vitest project: the project's `testTimeout`, or Vitest's default of 5 s. */
function projectTimeout(project: string): number {
	const projects = (config.test?.projects ?? []) as { test?: { name?: string; testTimeout?: number } }[];
	return projects.find((entry) => entry.test?.name === project)?.test?.testTimeout ?? 5_000;
}

step('检查系统软件包', process.execPath, ['scripts/ensure-system.ts']);
step('类型检查', 'astro', ['check']);
step('构建站点并校验内部链接', 'astro', ['build']);

const report = join(mkdtempSync(join(tmpdir(), 'oci-guide-vitest-')), 'report.json');
const vitest = run('运行测试', 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);

interface Report {
	numPassedTests: number;
	numFailedTests: number;
	numPendingTests: number;
	numTodoTests: number;
	testResults: { name: string; assertionResults: { fullName: string; duration?: number | null; status: string }[] }[];
}
const counts = (() => {
	try {
		return JSON.parse(readFileSync(report, 'utf8')) as Report;
	} catch {
		return undefined;
	}
})();
if (!counts) {
	console.error('\n✗ Vitest 没有写出测试报告，测试没有完整运行。');
	printStages();
	process.exit(1);
}

// Tests whose time grows towards their limit fail on a slower machine first: show the slowest beside their limits.
const slowest = counts.testResults
	.flatMap((file) => {
		// Each project's tests live in tests/<project>/, except the browser journeys (tests/e2e), which the site project runs.
		const folder = relative('tests', file.name).split('/')[0] ?? '';
		const project = folder === 'e2e' ? 'site' : folder;
		return file.assertionResults.map((test) => ({ file: relative('.', file.name), name: test.fullName, time: test.duration ?? 0, limit: projectTimeout(project) }));
	})
	.sort((a, b) => b.time - a.time)
	.slice(0, 8);
console.log(
	`\n最慢的测试（与所在项目的超时相比；超过三分之一的标 !）\n\n${renderTable(
		[{ title: '用时', align: 'right' }, { title: '超时', align: 'right' }, { title: '测试' }],
		slowest.map((test) => [`${formatSeconds(test.time)}${test.time * 3 > test.limit ? ' !' : ''}`, formatSeconds(test.limit), `${test.file} › ${test.name}`]),
	)}`,
);

const benchmarks = [
	run('构建基准', process.execPath, ['scripts/bench-build.ts', '--runs', '1']),
	// Three runs per page: performance and TBT are judged on the median run, every other category on every run.
	run('Lighthouse 基准', process.execPath, ['scripts/bench-lighthouse.ts', '--runs', '3']),
].every(Boolean);

printStages();
console.log(`\ntests: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests + counts.numTodoTests} skipped`);
process.exit(vitest && benchmarks ? 0 : 1);
