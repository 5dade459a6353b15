/** Sends `signal` to the process group that the detached child `pid` leads; a group already gone is not an error. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// the group has already gone
	}
}
