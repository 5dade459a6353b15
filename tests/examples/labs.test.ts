import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { currentMeta, findLabScripts, runLab } from '../../src/lib/examples/lab-runner.ts';
import { labObjectProblems } from '../../src/lib/examples/lab-objects.ts';
import { loadOciValidators } from '../../src/lib/examples/schemas.ts';
import type { OciValidators } from '../../src/lib/examples/schemas.ts';
import {
	explainFailure,
	explainMismatch,
	labFiles,
	maskVolatile,
	defaultMasks,
	parseLab,
	recordingMismatch,
	renderTranscript,
	transcriptSpans,
	transcriptText,
	upstreamVersion,
	versionDrift,
} from '../../src/lib/examples/labs.ts';
import type { Lab, LabMeta, LabRun } from '../../src/lib/examples/labs.ts';

const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'tests/fixtures/labs');
let validators: OciValidators;

beforeAll(() => {
	validators = loadOciValidators();
});

/** Parses and runs a lab file, returning both. */
async function run(path: string): Promise<{ lab: Lab; result: LabRun }> {
	const text = readFileSync(path, 'utf8');
	const lab = parseLab(relative(root, path), text);
	return { lab, result: await runLab(lab, text, dirname(path)) };
}

/** Fails the test with a contributor's message as it is (not JSON-escaped), when there is one. */
function expectNoProblem(message: string | undefined): void {
	if (message !== undefined) throw new Error(message);
}

/** Temp folders that labs create by convention (`mktemp -d /tmp/oci-lab.XXXXXX`). */
function labTempDirs(): string[] {
	return readdirSync(tmpdir()).filter((name) => name.startsWith('oci-lab.'));
}

describe('the labs next to the articles', () => {
	const scripts = findLabScripts(join(root, 'src/content/docs'));

	test('exist, so the harness has something to run', () => {
		expect(scripts.length).toBeGreaterThan(0);
	});

	test('run as root, as in CI (runc and the registry need it)', () => {
		expect(process.getuid?.(), '实验要以 root 运行（CI 就是 root）：请用 sudo 运行测试，或只运行 npx vitest run tests/examples/objects.test.ts').toBe(0);
	});

	describe.each(scripts.map((script) => [relative(root, script), script]))('%s', (_, script) => {
		const files = labFiles(script);
		const lab = parseLab(relative(root, script), readFileSync(script, 'utf8'));

		test('has a recorded transcript and tool versions', () => {
			const hint = `缺少录制稿：请以 root 运行 npm run labs:record -- ${lab.file}`;
			expect(existsSync(files.transcript), hint).toBe(true);
			expect(existsSync(files.meta), hint).toBe(true);
		});

		test('was recorded with the tool versions installed now', () => {
			const recorded = JSON.parse(readFileSync(files.meta, 'utf8')) as LabMeta;
			const drift = versionDrift(recorded, currentMeta(lab, recorded.recorded));
			expect(drift, `${lab.file} 录制时的工具版本与现在不同，请重新录制：\n${drift.join('\n')}`).toEqual([]);
		});

		test('its recording has the title and tools its header names now', () => {
			const recorded = JSON.parse(readFileSync(files.meta, 'utf8')) as LabMeta;
			const problems = recordingMismatch(lab, recorded);
			expect(problems, `${lab.file} 与录制稿 ${relative(root, files.meta)} 不一致，请重新录制：\n${problems.join('\n')}`).toEqual([]);
		});

		test('runs without error, prints what its transcript shows, its declared OCI objects validate, and it cleans up', { timeout: (lab.timeoutSeconds + 15) * 1000 }, async () => {
			const before = labTempDirs();
			const { result } = await run(script);
			expectNoProblem(explainFailure(lab, result));
			expectNoProblem(explainMismatch(lab, result, readFileSync(files.transcript, 'utf8'), relative(root, files.transcript)));
			const objects = labObjectProblems(lab, result, validators);
			expectNoProblem(objects.length > 0 ? objects.join('\n') : undefined);
			expect(labTempDirs().filter((name) => !before.includes(name)), `${lab.file} 没有删除它的临时目录`).toEqual([]);
		});
	});
});

describe('runLab', () => {
	test('reports a failing command with the lab file, its line and the command’s own message', async () => {
		const { lab, result } = await run(join(fixtures, 'failing.lab.sh'));
		const message = explainFailure(lab, result);
		expect(message).toMatch(/^tests\/fixtures\/labs\/failing\.lab\.sh:10 命令 `ls \/nonexistent\/oci-lab-fixture` 以退出码 2 失败/);
		expect(message).toContain("ls: cannot access '/nonexistent/oci-lab-fixture'");
		expect(result.outputs).not.toContain('不会执行到这里\n');
	});

	test('stops a lab that runs past its time bound', async () => {
		const started = Date.now();
		const { lab, result } = await run(join(fixtures, 'slow.lab.sh'));
		expect(result.timedOut).toBe(true);
		expect(Date.now() - started).toBeLessThan(8000);
		expect(explainFailure(lab, result)).toContain('超过 1 秒');
	});

	test('keeps each command’s output apart and in order, stderr included', async () => {
		const { lab, result } = await run(join(fixtures, 'failing.lab.sh'));
		expect(transcriptText(renderTranscript(lab, result))).toBe(
			[
				'$ echo "第一步正常"',
				'第一步正常',
				'# 这一步的命令会失败',
				'$ echo "准备列出一个不存在的目录"',
				'准备列出一个不存在的目录',
				'$ ls /nonexistent/oci-lab-fixture',
				"ls: cannot access '/nonexistent/oci-lab-fixture': No such file or directory",
				'',
			].join('\n'),
		);
	});
});

describe('renderTranscript', () => {
	test('shows a command’s output once when a comment follows it inside the same step', () => {
		const lab = parseLab('x.lab.sh', ['set -euo pipefail', '', 'echo one', '# @oci image-layout', 'echo two', '# 一条普通注释', 'echo three'].join('\n'));
		const text = transcriptText(renderTranscript(lab, { outputs: ['', 'one\n', 'two\n', 'three\n'], timedOut: false, exitCode: 0 }));
		expect(text).toBe(['$ echo one', 'one', '$ echo two', 'two', '# 一条普通注释', '$ echo three', 'three', ''].join('\n'));
	});
});

describe('transcriptSpans', () => {
	test('marks the script’s comments and commands, joins neighbouring lines of a kind, and leaves the rest as output', () => {
		const script = ['set -euo pipefail', '', '# 第一步', 'printf "# 第一步\\n"', "jq -n '1 |", "  . + 1'", '', '# @oci image-layout', 'echo done'].join('\n');
		const lab = parseLab('x.lab.sh', script);
		const transcript = transcriptText(renderTranscript(lab, { outputs: ['', '# 第一步\n', '2\n', 'done\n'], timedOut: false, exitCode: 0 }));
		expect(transcriptSpans(lab, transcript)).toEqual([
			{ kind: 'comment', text: '# 第一步' },
			{ kind: 'command', text: '$ printf "# 第一步\\n"' },
			// The output repeats the comment above; it is output all the same.
			{ kind: 'output', text: '# 第一步' },
			{ kind: 'command', text: "$ jq -n '1 |\n>   . + 1'" },
			{ kind: 'output', text: '2' },
			{ kind: 'command', text: '$ echo done' },
			{ kind: 'output', text: 'done' },
		]);
	});
});

describe('explainMismatch', () => {
	test('points at the lab line whose output drifted, ignoring masked timestamps, dates and ports', async () => {
		const { lab, result } = await run(join(fixtures, 'drift.lab.sh'));
		const recorded = readFileSync(join(fixtures, 'drift.lab.txt'), 'utf8');
		const message = explainMismatch(lab, result, recorded, 'tests/fixtures/labs/drift.lab.txt') ?? '';
		expect(message).toMatch(/^tests\/fixtures\/labs\/drift\.lab\.sh:13 这条命令的输出与录制稿 tests\/fixtures\/labs\/drift\.lab\.txt:10 不符/);
		expect(message).toContain('-there\n+world');
		expect(message).not.toContain('-2024-01-01T00:00:00Z');
	});

	test('points at a comment line that changed since the recording, not at a command', async () => {
		const { lab, result } = await run(join(fixtures, 'comment-drift.lab.sh'));
		const recorded = readFileSync(join(fixtures, 'comment-drift.lab.txt'), 'utf8');
		const message = explainMismatch(lab, result, recorded, 'tests/fixtures/labs/comment-drift.lab.txt') ?? '';
		expect(message).toMatch(/^tests\/fixtures\/labs\/comment-drift\.lab\.sh:9 脚本的这一行（注释或命令）与录制稿 tests\/fixtures\/labs\/comment-drift\.lab\.txt:4 不符/);
	});

	test('accepts a run that matches its recording', async () => {
		const { lab, result } = await run(join(fixtures, 'drift.lab.sh'));
		expect(explainMismatch(lab, result, transcriptText(renderTranscript(lab, result)), 'x.lab.txt')).toBeUndefined();
	});
});

describe('labObjectProblems', () => {
	test('validates the output after # @oci against the declared kind, pointing at the command line', async () => {
		const { lab, result } = await run(join(fixtures, 'oci-object.lab.sh'));
		expectNoProblem(explainFailure(lab, result));
		const problems = labObjectProblems(lab, result, validators);
		expect(problems).toEqual([
			expect.stringMatching(
				/^tests\/fixtures\/labs\/oci-object\.lab\.sh:8 这条命令的输出声明为运行时状态（state）（第 7 行的 # @oci runtime-state），输出第 1 行：（根对象） 不符合官方 schema：must have required property 'bundle'（state-schema\.json#\/required）$/,
			),
			expect.stringMatching(/^tests\/fixtures\/labs\/oci-object\.lab\.sh:16 这条命令的输出声明为运行时状态（state）（第 15 行的 # @oci runtime-state），但它不是一段完整的 JSON/),
		]);
	});

	test('leaves # @oci lines out of the transcript', async () => {
		const { lab, result } = await run(join(fixtures, 'oci-object.lab.sh'));
		expect(transcriptText(renderTranscript(lab, result))).not.toContain('@oci');
	});
});

describe('recordingMismatch', () => {
	const lab = parseLab('x.lab.sh', '# @title 新标题\n# @tools runc\nset -euo pipefail\n');
	const meta: LabMeta = {
		title: '旧标题',
		recorded: '2026-01-01',
		system: 'Debian',
		tools: [
			{ tool: 'runc', package: 'runc', version: '1.1.5+ds1-1' },
			{ tool: 'jq', package: 'jq', version: '1.6-2.1' },
		],
	};

	test('reports a changed title and a tool removed from # @tools', () => {
		expect(recordingMismatch(lab, meta)).toEqual(['标题：录制稿是「旧标题」，# @title 现在是「新标题」', 'jq：录制时记录了 jq 1.6-2.1，但 # @tools 里已经没有它']);
	});

	test('accepts a recording that matches its header', () => {
		expect(recordingMismatch(lab, { ...meta, title: '新标题', tools: meta.tools.slice(0, 1) })).toEqual([]);
	});
});

describe('parseLab', () => {
	test('rejects an unknown # @oci kind, on its line', () => {
		expect(() => parseLab('x.lab.sh', 'set -euo pipefail\n\n# @oci runc-state\nrunc state x\n')).toThrow(/^x\.lab\.sh:3 未知的 # @oci runc-state。可选值：runtime-config、runtime-state/);
	});

	test('rejects a # @oci with no command after it in its step', () => {
		expect(() => parseLab('x.lab.sh', 'set -euo pipefail\n\necho hi\n# @oci runtime-state\n')).toThrow(/^x\.lab\.sh:4 `# @oci` 后面、同一步骤里没有命令/);
	});


	test('rejects a lab that does not stop at the first failing command', () => {
		expect(() => parseLab('x.lab.sh', '#!/bin/bash\n\necho hi\n')).toThrow(/x\.lab\.sh:1 .*set -euo pipefail/);
	});

	test('rejects a blank line inside a multi-line command, pointing at the line after it', () => {
		const text = 'set -euo pipefail\n\nif true; then\n\n  echo hi\nfi\n';
		expect(() => parseLab('x.lab.sh', text)).toThrow(/^x\.lab\.sh:5 /);
	});

	test('marks commands, continuations, heredoc bodies and comments', () => {
		const text = "set -euo pipefail\n\n# 注释\ncurl -s \\\n  http://x\ncat <<'EOF'\nhi\nEOF\n";
		const lab = parseLab('x.lab.sh', text);
		expect(lab.steps[1]?.kinds).toEqual(['comment', 'command', 'continuation', 'command', 'continuation', 'continuation']);
		expect(lab.commands.map((command) => command.line)).toEqual([1, 4, 6]);
	});

	test('hides the header and # @setup steps from the transcript', () => {
		const lab = parseLab('x.lab.sh', 'set -euo pipefail\n\n# @setup\nwork=1\n\necho $work\n');
		expect(lab.steps.map((step) => step.hidden)).toEqual([true, true, false]);
	});
});

describe('maskVolatile', () => {
	test('masks timestamps, live pids, lab temp folders and lab container ids, and nothing else', () => {
		const text = '"created": "2026-11-26T16:54:12.551291207Z", "pid": 6951, "bundle": "/tmp/oci-lab.Ab12Cd/bundle", "id": "oci-lab-4242", "pid": 0, "size": 349';
		expect(maskVolatile(text, defaultMasks)).toBe(
			'"created": "<时间>", "pid": <pid>, "bundle": "/tmp/oci-lab.XXXXXX/bundle", "id": "oci-lab-<pid>", "pid": 0, "size": 349',
		);
	});
});

describe('upstreamVersion', () => {
	test.each([
		['1.1.5+ds1-1+deb12u1', '1.1.5+ds1'],
		['1:1.35.0-4+deb12u1+b1', '1.35.0'],
		['2.8.2+ds1-1', '2.8.2+ds1'],
	])('reads %s as %s', (debian, upstream) => {
		expect(upstreamVersion(debian)).toBe(upstream);
	});
});
