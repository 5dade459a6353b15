/**
 * Runs a lab script with bash, capturing each command's output (stdout and stderr in order), the failing command's
 * line, and a time bound. Line numbers stay those of the lab file: command markers are prepended on existing lines and
 * the helper functions come in through BASH_ENV.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab, LabMeta, LabRun } from './labs.ts';
import { listFiles } from './sources.ts';
import { signalGroup } from '../process-group.ts';

/** Separator bytes that never occur in real output. */
const marker = '\u001eLAB';

/** Bash helpers loaded before the lab: a command marker, and an ERR trap that reports the failing line. */
const prelude = `__lab_cmd() { printf '\\n${marker} CMD %s\\n' "$1"; }
trap 'printf "\\n${marker} ERR %s %s %s\\n" "$?" "$LINENO" "$BASH_COMMAND"' ERR
`;

/** The lab script with `__lab_cmd N;` prepended to each command's first line (line numbers unchanged). */
export function instrument(lab: Lab, text: string): string {
	const lines = text.split('\n');
	lab.commands.forEach((command, index) => {
		lines[command.line - 1] = `__lab_cmd ${index}; ${lines[command.line - 1] ?? ''}`;
	});
	return lines.join('\n');
}

/** Splits raw captured output at the markers into per-command outputs and the failure, if any. */
export function parseCapture(raw: string): Pick<LabRun, 'outputs' | 'failure'> {
	const outputs: string[] = [];
	let failure: LabRun['failure'];
	let current = -1;
	for (const chunk of raw.split(`\n${marker} `)) {
		const match = /^(CMD|ERR) ([^\n]*)\n?/.exec(chunk);
		const body = match ? chunk.slice(match[0].length) : chunk;
		if (match?.[1] === 'CMD') current = Number(match[2]);
		if (match?.[1] === 'ERR' && !failure) {
			const [status = '1', line = '0', ...command] = (match[2] ?? '').split(' ');
			failure = { status: Number(status), line: Number(line), command: command.join(' ') };
		}
		if (current >= 0) outputs[current] = (outputs[current] ?? '') + body;
	}
	return { outputs, failure };
}

/** Runs a lab (its text as read from `lab.file`) in `cwd`, killing its process group after the time bound. */
export function runLab(lab: Lab, text: string, cwd: string): Promise<LabRun> {
	const work = mkdtempSync(join(tmpdir(), 'lab-run-'));
	const script = join(work, 'lab.sh');
	const env = join(work, 'prelude.sh');
	const log = join(work, 'output');
	writeFileSync(script, instrument(lab, text));
	writeFileSync(env, prelude);
	const fd = openSync(log, 'w');
	const child = spawn('bash', [script], {
		cwd,
		detached: true,
		stdio: ['ignore', fd, fd],
		env: { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env['HOME'] ?? '/root', LANG: 'C.UTF-8', TZ: 'UTC', BASH_ENV: env },
	});
	closeSync(fd);
	return new Promise((resolve) => {
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			signalGroup(child.pid, 'SIGTERM');
			setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 5000).unref();
		}, lab.timeoutSeconds * 1000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			const raw = readFileSync(log, 'utf8');
			rmSync(work, { recursive: true, force: true });
			resolve({ ...parseCapture(raw), timedOut, exitCode: code });
		});
	});
}

/** The Debian package that owns a path, if dpkg knows it. */
function tryDpkgSearch(path: string): string | undefined {
	try {
		return execFileSync('dpkg', ['-S', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(':')[0];
	} catch {
		return undefined;
	}
}

/** The Debian package and version that provide a command, e.g. `runc` → `runc 1.1.5+ds1-1+deb12u1`. */
export function toolVersion(command: string): { tool: string; package: string; version: string } {
	const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	try {
		const found = run('bash', ['-c', `command -v ${command}`]);
		const paths = [found, run('readlink', ['-f', found]), found.replace(/^\/usr/, '')];
		const owner = paths.map((path) => tryDpkgSearch(path)).find(Boolean) ?? '';
		return { tool: command, package: owner, version: run('dpkg-query', ['-W', '-f', '${Version}', owner]) };
	} catch {
		throw new Error(`找不到命令 ${command} 或它所属的 Debian 包：请先安装它（见 scripts/ensure-system.ts 的包列表）。`);
	}
}

/** Every lab script below a folder, sorted. */
export function findLabScripts(dir: string): string[] {
	return listFiles(dir)
		.filter((file) => file.endsWith('.lab.sh'))
		.sort();
}

/** The system a lab runs on, e.g. `Debian GNU/Linux 12 (bookworm), amd64`. */
export function systemDescription(): string {
	const osRelease = readFileSync('/etc/os-release', 'utf8');
	const name = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? 'Linux';
	const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
	return `${name}, ${arch}`;
}

/** The metadata of a recording made now. */
export function currentMeta(lab: Lab, recorded: string): LabMeta {
	return { title: lab.title, recorded, system: systemDescription(), tools: lab.tools.map(toolVersion) };
}
