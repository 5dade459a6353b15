/**
 * Labs: shell scripts next to an article that the tests execute and the article shows. This module is pure: it
 * parses a lab into steps, renders a run as a transcript, masks volatile output and compares runs.
 *
 * A lab is `<article>/<name>.lab.sh`. Blank lines separate steps. Header comments carry directives:
 * `# @title …`, `# @tools runc umoci …`, `# @timeout 60`, `# @mask <JS regex, multiline> => <replacement>`.
 * A step whose first line is `# @setup` runs but is left out of the transcript. A comment `# @oci <kind>` inside a
 * step declares that the next command prints that OCI object as JSON (e.g. `runc state` → `runtime-state`); the tests
 * validate that output like a declared JSON example. The directive line itself is left out of the transcript.
 */
import { createTwoFilesPatch } from 'diff';
import type { OciKind } from './kinds.ts';
import { isOciKind, ociKindNames } from './kinds.ts';

/** One step of a lab: a paragraph of the script. */
export interface LabStep {
	/** 1-based line of the step's first line in the lab file. */
	line: number;
	/** The step's source lines. */
	lines: string[];
	/** How each line reads at a prompt. */
	kinds: LineKind[];
	/** Left out of the transcript (the header, and steps starting with `# @setup`). */
	hidden: boolean;
}

/** A source line is a comment, starts a command, or continues the command above it. */
export type LineKind = 'comment' | 'command' | 'continuation';

/** A command of a lab: where it starts. Outputs are captured per command. */
export interface LabCommand {
	/** 1-based line in the lab file. */
	line: number;
	/** Index of its step. */
	step: number;
}

/** A `# @oci <kind>` declaration: the command after it prints that OCI object as JSON. */
export interface LabObject {
	/** 1-based line of the `# @oci` comment. */
	line: number;
	kind: OciKind;
	/** Index of the command whose output is the object. */
	command: number;
}

/** A `# @oci <kind>` comment line. */
const ociDirective = /^#\s*@oci\s+(\S+)\s*$/;

/** A volatile part of the output, replaced before comparing runs. */
export interface Mask {
	pattern: RegExp;
	replacement: string;
}

/** A parsed lab. */
export interface Lab {
	file: string;
	title: string;
	/** Commands whose Debian package versions are recorded, e.g. `runc`. */
	tools: string[];
	timeoutSeconds: number;
	masks: Mask[];
	steps: LabStep[];
	/** Every command, in order. */
	commands: LabCommand[];
	/** The commands whose output is declared to be an OCI object. */
	objects: LabObject[];
}

/** What one run of a lab produced. */
export interface LabRun {
	/** Output of each command, by command index (commands not reached are absent). */
	outputs: string[];
	/** Set when a command failed: its line in the lab file, exit status and text. */
	failure?: { line: number; status: number; command: string } | undefined;
	timedOut: boolean;
	exitCode: number | null;
}

/** Masks every lab gets: timestamps, live pids, `mktemp -d /tmp/oci-lab.XXXXXX` folders, `oci-lab-$$` ids. */
export const defaultMasks: readonly Mask[] = [
	{ pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g, replacement: '<时间>' },
	{ pattern: /"pid": [1-9]\d*/g, replacement: '"pid": <pid>' },
	{ pattern: /\/tmp\/oci-lab\.[A-Za-z0-9]{6,}/g, replacement: '/tmp/oci-lab.XXXXXX' },
	{ pattern: /\boci-lab-\d+\b/g, replacement: 'oci-lab-<pid>' },
];

/** What a recording notes about itself: shown to readers next to the lab. */
export interface LabMeta {
	/** The lab's title (`# @title`). */
	title: string;
	/** Day of the recording, `YYYY-MM-DD`. */
	recorded: string;
	/** Operating system and CPU architecture, e.g. `Debian GNU/Linux 12 (bookworm), amd64`. */
	system: string;
	/** Each tool with the Debian package and version that provided it. */
	tools: { tool: string; package: string; version: string }[];
}

/** The files that belong to a lab, derived from its script path. */
export function labFiles(script: string): { script: string; transcript: string; meta: string } {
	const base = script.replace(/\.lab\.sh$/, '');
	return { script, transcript: `${base}.lab.txt`, meta: `${base}.lab.json` };
}

/** Lines that cannot start a step: they continue a command begun in an earlier paragraph. */
const continuation = /^(?:\s|[})]|fi\b|done\b|esac\b|else\b|elif\b|then\b|do\b)/;

/** Parses a lab script, throwing a Chinese message with `file:line` when it breaks the lab rules. */
export function parseLab(file: string, text: string): Lab {
	const lines = text.replace(/\n$/, '').split('\n');
	const fail = (line: number, message: string): never => {
		throw new Error(`${file}:${line} ${message}`);
	};
	const directive = (name: string) => lines.flatMap((line) => (line.startsWith(`# @${name} `) ? [line.slice(name.length + 4).trim()] : []));
	if (!lines.some((line) => /^set -[a-z]*e[a-z]*u[a-z]*o pipefail$|^set -euo pipefail$/.test(line))) {
		fail(1, '实验脚本必须在开头写 `set -euo pipefail`，这样任何一条命令失败都会让实验失败。');
	}
	const timeout = Number(directive('timeout')[0] ?? '60');
	if (!Number.isInteger(timeout) || timeout <= 0 || timeout > 600) fail(1, '`# @timeout` 必须是 1–600 之间的秒数。');
	const masks = directive('mask').map((spec) => {
		const [pattern = '', replacement = ''] = spec.split(' => ');
		return { pattern: new RegExp(pattern, 'gm'), replacement };
	});
	const steps: LabStep[] = [];
	lines.forEach((line, index) => {
		const previous = lines[index - 1];
		if (line.trim() === '') return;
		if (index > 0 && previous !== undefined && previous.trim() !== '') {
			steps.at(-1)?.lines.push(line);
			return;
		}
		if (continuation.test(line)) fail(index + 1, `这一行接在空行后面，却像是上一条多行命令的一部分。空行用来分隔步骤，多行命令内部不要留空行。`);
		steps.push({ line: index + 1, lines: [line], kinds: [], hidden: steps.length === 0 || line.startsWith('# @setup') });
	});
	const commands: LabCommand[] = [];
	steps.forEach((step, stepIndex) => {
		step.kinds = classifyLines(step.lines);
		step.kinds.forEach((kind, offset) => {
			if (kind === 'command') commands.push({ line: step.line + offset, step: stepIndex });
		});
	});
	const objects: LabObject[] = [];
	steps.forEach((step, stepIndex) => {
		step.lines.forEach((line, offset) => {
			const kind = step.kinds[offset] === 'comment' ? ociDirective.exec(line)?.[1] : undefined;
			if (kind === undefined) return;
			const at = step.line + offset;
			if (!isOciKind(kind)) fail(at, `未知的 # @oci ${kind}。可选值：${ociKindNames.join('、')}。`);
			const command = commands.findIndex((entry) => entry.step === stepIndex && entry.line > at);
			if (command < 0) fail(at, '`# @oci` 后面、同一步骤里没有命令：它声明的是紧跟其后的那条命令的输出。');
			objects.push({ line: at, kind: kind as OciKind, command });
		});
	});
	const tools = directive('tools').flatMap((list) => list.split(/\s+/));
	return { file, title: directive('title')[0] ?? file, tools, timeoutSeconds: timeout, masks, steps, commands, objects };
}

/** Whether a source line continues the command of the line before it. */
function continuesCommand(previous: string | undefined, line: string, inHeredoc: boolean): boolean {
	if (inHeredoc) return true;
	if (previous === undefined || previous.startsWith('#')) return false;
	return /(?:\\|\||&&|\{|\(|\bdo|\bthen)\s*$/.test(previous) || continuation.test(line);
}

/** Classifies a step's lines: comments, command starts and continuation lines (heredoc bodies included). */
export function classifyLines(lines: string[]): LineKind[] {
	let heredocEnd: string | undefined;
	return lines.map((line, index) => {
		const inHeredoc = heredocEnd !== undefined;
		if (inHeredoc && line.trim() === heredocEnd) heredocEnd = undefined;
		else if (!inHeredoc) heredocEnd = /<<-?\s*['"]?(\w+)['"]?/.exec(line)?.[1];
		if (line.startsWith('#') && !inHeredoc) return 'comment';
		return continuesCommand(lines[index - 1], line, inHeredoc) ? 'continuation' : 'command';
	});
}

/** A source line as typed at a prompt: `$ ` before a command, `> ` before a continuation, comments as they are. */
function promptLine(line: string, kind: LineKind): string {
	return kind === 'comment' ? line : `${kind === 'command' ? '$' : '>'} ${line}`;
}

/** A rendered transcript line with the command it belongs to (-1 for comments before any command). */
export interface TranscriptLine {
	text: string;
	command: number;
	/** The lab line it comes from: its own source line for comments and commands, the command's line for output. */
	source: number;
	/** Whether it is a line of the script (comment or command) or output of a command. */
	kind: 'script' | 'output';
}

/** Renders a run as the transcript a reader sees: each command of the visible steps, then its output. */
export function renderTranscript(lab: Lab, run: LabRun): TranscriptLine[] {
	const lines: TranscriptLine[] = [];
	let command = -1;
	// A comment in the middle of a step flushes the command above it; the next command must not print that output again.
	let flushed = -1;
	const flush = () => {
		const output = run.outputs[command];
		if (command < 0 || command === flushed || !output) return;
		flushed = command;
		const source = lab.commands[command]?.line ?? 1;
		for (const text of output.replace(/\n$/, '').split('\n')) lines.push({ text, command, source, kind: 'output' });
	};
	lab.steps.forEach((step, stepIndex) => {
		step.kinds.forEach((kind, offset) => {
			if (kind !== 'continuation') flush();
			if (kind === 'command') command = lab.commands.findIndex((entry) => entry.line === step.line + offset);
			if (kind === 'comment' && command >= 0 && lab.commands[command]?.step !== stepIndex) command = -1;
			const text = step.lines[offset] ?? '';
			if (kind === 'comment' && ociDirective.test(text)) return;
			if (!step.hidden && (kind === 'comment' || run.outputs[command] !== undefined)) {
				lines.push({ text: promptLine(text, kind), command, source: step.line + offset, kind: 'script' });
			}
		});
		flush();
		command = -1;
	});
	return lines;
}

/** A run of transcript lines of one kind, as a page shows them. */
export interface TranscriptSpan {
	kind: 'comment' | 'command' | 'output';
	/** The lines, joined with newlines. */
	text: string;
}

/**
 * Splits a recorded transcript into comments, commands and output for display, by finding the script's visible
 * lines in it in order (as `renderTranscript` wrote them); everything else is output. Neighbouring lines of one kind
 * are joined, so a page needs one element per comment or command, not one per line or token.
 */
export function transcriptSpans(lab: Lab, transcript: string): TranscriptSpan[] {
	const expected = lab.steps
		.filter((step) => !step.hidden)
		.flatMap((step) => step.lines.flatMap((line, offset) => {
			const kind = step.kinds[offset]!;
			if (kind === 'comment' && ociDirective.test(line)) return [];
			return [{ text: promptLine(line, kind), kind: kind === 'comment' ? ('comment' as const) : ('command' as const) }];
		}));
	const spans: TranscriptSpan[] = [];
	let next = 0;
	for (const text of transcript.replace(/\n$/, '').split('\n')) {
		const found = expected.findIndex((line, index) => index >= next && line.text === text);
		// Output may repeat a script line further down; only a line that starts like a script line skips ahead to it.
		const match = found === next || (found > next && /^[$#] /.test(text)) ? expected[found] : undefined;
		if (match) next = found + 1;
		const kind = match?.kind ?? 'output';
		const last = spans.at(-1);
		if (last?.kind === kind) last.text += `\n${text}`;
		else spans.push({ kind, text });
	}
	return spans;
}

/** The transcript as file text. */
export function transcriptText(lines: TranscriptLine[]): string {
	return lines.map((line) => line.text).join('\n') + '\n';
}

/** Replaces the volatile parts of a text with stable placeholders. */
export function maskVolatile(text: string, masks: readonly Mask[]): string {
	return masks.reduce((masked, mask) => masked.replace(mask.pattern, mask.replacement), text);
}

/** Where a new run first differs from the recorded transcript, after masking. */
export interface TranscriptMismatch {
	/** The lab line behind the differing transcript line: a comment or command line, or the command whose output differs. */
	labLine: number;
	/** Whether the differing line is a line of the script or output of a command. */
	kind: TranscriptLine['kind'];
	/** 1-based line in the transcript file. */
	transcriptLine: number;
	expected: string;
	actual: string;
}

/** Compares a new run with the recorded transcript; undefined when they agree after masking. */
export function compareTranscript(lab: Lab, run: LabRun, recorded: string): TranscriptMismatch | undefined {
	const masks = [...defaultMasks, ...lab.masks];
	const actual = renderTranscript(lab, run);
	const expectedLines = maskVolatile(recorded, masks).replace(/\n$/, '').split('\n');
	const actualLines = actual.map((line) => maskVolatile(line.text, masks));
	const length = Math.max(expectedLines.length, actualLines.length);
	for (let index = 0; index < length; index++) {
		if (expectedLines[index] === actualLines[index]) continue;
		const at = actual[Math.min(index, actual.length - 1)];
		return {
			labLine: at?.source ?? 1,
			kind: at?.kind ?? 'script',
			transcriptLine: index + 1,
			expected: expectedLines[index] ?? '（录制稿到此结束）',
			actual: actualLines[index] ?? '（本次运行到此结束）',
		};
	}
	return undefined;
}

/** Explains where a run drifted from its recording, with the lab line and a unified diff of the masked texts. */
export function explainMismatch(lab: Lab, run: LabRun, recorded: string, transcriptFile: string): string | undefined {
	const mismatch = compareTranscript(lab, run, recorded);
	if (!mismatch) return undefined;
	const masks = [...defaultMasks, ...lab.masks];
	const actual = maskVolatile(transcriptText(renderTranscript(lab, run)), masks);
	const patch = createTwoFilesPatch(transcriptFile, 'this-run', maskVolatile(recorded, masks), actual, '', '', { context: 2 });
	const diff = patch.split('\n').slice(1, 60).join('\n');
	const what = mismatch.kind === 'output' ? '这条命令的输出' : '脚本的这一行（注释或命令）';
	return [
		`${lab.file}:${mismatch.labLine} ${what}与录制稿 ${transcriptFile}:${mismatch.transcriptLine} 不符。`,
		`  录制稿：${mismatch.expected}`,
		`  本次：  ${mismatch.actual}`,
		'若是有意的改动，请以 root 运行 `npm run labs:record -- ' + lab.file + '` 重新录制并提交；若是易变内容（时间、随机 ID），请在实验头部加 `# @mask 正则 => 替换`。',
		'（已遮盖易变部分后的差异）',
		diff,
	].join('\n');
}

/** The tail of a text, for failure messages. */
export function tail(text: string, lines = 15): string {
	return text.replace(/\n$/, '').split('\n').slice(-lines).join('\n');
}

/** Explains a failed run in Chinese, pointing at the lab line; undefined when the run succeeded. */
export function explainFailure(lab: Lab, run: LabRun): string | undefined {
	const lastOutput = run.outputs.at(-1) ?? '';
	if (run.timedOut) return `${lab.file}: 实验超过 ${lab.timeoutSeconds} 秒（# @timeout）仍未结束，已终止。最后的输出：\n${tail(lastOutput)}`;
	if (run.failure) {
		const { line, status, command } = run.failure;
		return `${lab.file}:${line} 命令 \`${command}\` 以退出码 ${status} 失败。它的输出：\n${tail(lastOutput)}`;
	}
	if (run.exitCode !== 0) {
		const last = lab.commands[run.outputs.length - 1];
		return `${lab.file}:${last?.line ?? 1} 实验以退出码 ${run.exitCode} 结束（最后执行的是这一行的命令）。它的输出：\n${tail(lastOutput)}`;
	}
	return undefined;
}

/** Where a recording's metadata no longer matches the lab's header: its title, and tools dropped from `# @tools`. */
export function recordingMismatch(lab: Lab, recorded: LabMeta): string[] {
	const problems: string[] = [];
	if (recorded.title !== lab.title) problems.push(`标题：录制稿是「${recorded.title}」，# @title 现在是「${lab.title}」`);
	for (const tool of recorded.tools) {
		if (!lab.tools.includes(tool.tool)) problems.push(`${tool.tool}：录制时记录了 ${tool.package} ${tool.version}，但 # @tools 里已经没有它`);
	}
	return problems;
}

/** The upstream part of a Debian version: `1:1.35.0-4+deb12u1` → `1.35.0` (security rebuilds do not count). */
export function upstreamVersion(debianVersion: string): string {
	return debianVersion.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
}

/** Tools whose upstream version differs between a recording and now, as Chinese lines. */
export function versionDrift(recorded: LabMeta, current: LabMeta): string[] {
	return current.tools.flatMap((tool) => {
		const before = recorded.tools.find((entry) => entry.tool === tool.tool);
		if (before && upstreamVersion(before.version) === upstreamVersion(tool.version)) return [];
		return [`${tool.tool}：录制时 ${before ? `${before.package} ${before.version}` : '未记录'}，现在 ${tool.package} ${tool.version}`];
	});
}
