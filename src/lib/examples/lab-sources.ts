/** Reads a recorded lab for display: its script, transcript and metadata, by name relative to the docs folder. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabMeta } from './labs.ts';
import { labFiles } from './labs.ts';

/** What a page needs to show a lab. */
export interface LabSources {
	/** The lab's file name, e.g. `image-to-runc.lab.sh`. */
	fileName: string;
	script: string;
	transcript: string;
	meta: LabMeta;
}

/** The docs folder of the site being built (Astro builds run from the project root). */
export const docsDir = join(process.cwd(), 'src/content/docs');

/** Loads `<docs>/<name>.lab.sh` and its recording, e.g. `loadLabSources('oci-01-intro-guide/image-to-runc')`. */
export function loadLabSources(name: string, dir = docsDir): LabSources {
	const files = labFiles(join(dir, `${name}.lab.sh`));
	for (const file of Object.values(files)) {
		if (!existsSync(file)) throw new Error(`<Lab name="${name}">：找不到 ${file}。实验要有 .lab.sh，并用 npm run labs:record 录制出 .lab.txt 和 .lab.json。`);
	}
	return {
		fileName: `${name.split('/').at(-1)}.lab.sh`,
		script: readFileSync(files.script, 'utf8'),
		transcript: readFileSync(files.transcript, 'utf8'),
		meta: JSON.parse(readFileSync(files.meta, 'utf8')) as LabMeta,
	};
}
