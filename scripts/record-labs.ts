/**
 * Records labs: runs each lab script for real and writes, next to it, the transcript readers see
 * (`<name>.lab.txt`) and the tool versions it was run with (`<name>.lab.json`).
 *
 * Usage: node scripts/record-labs.ts [path/to/x.lab.sh …]   (no argument: every lab under src/content/docs)
 * Needs root and the Debian tools the labs list in `# @tools`. Output declared with `# @oci <kind>` must validate first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { explainFailure, labFiles, parseLab, renderTranscript, transcriptText } from '../src/lib/examples/labs.ts';
import { currentMeta, findLabScripts, runLab } from '../src/lib/examples/lab-runner.ts';
import { labObjectProblems } from '../src/lib/examples/lab-objects.ts';
import { loadOciValidators } from '../src/lib/examples/schemas.ts';

const root = resolve(import.meta.dirname, '..');
const requested = process.argv.slice(2).map((file) => resolve(file));
const scripts = requested.length > 0 ? requested : findLabScripts(resolve(root, 'src/content/docs'));
const today = new Date().toISOString().slice(0, 10);
const validators = loadOciValidators();
let failed = 0;

for (const script of scripts) {
	const file = relative(root, script);
	const text = readFileSync(script, 'utf8');
	const lab = parseLab(file, text);
	const run = await runLab(lab, text, dirname(script));
	const objects = labObjectProblems(lab, run, validators);
	const failure = explainFailure(lab, run) ?? (objects.length > 0 ? objects.join('\n') : undefined);
	if (failure) {
		failed++;
		console.error(`✗ ${failure}\n  未写入录制稿；修好后重新运行。`);
		continue;
	}
	const files = labFiles(script);
	writeFileSync(files.transcript, transcriptText(renderTranscript(lab, run)));
	writeFileSync(files.meta, `${JSON.stringify(currentMeta(lab, today), null, '\t')}\n`);
	console.log(`✓ ${file} → ${relative(root, files.transcript)}, ${relative(root, files.meta)}`);
}
process.exitCode = failed > 0 ? 1 : 0;
