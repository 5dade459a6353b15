import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, inject, test } from 'vitest';
import { labFiles, parseLab } from '../../src/lib/examples/labs';
import type { LabMeta } from '../../src/lib/examples/labs';
import { FIXTURE_LAB } from '../support/fixture-site';

/** The lines of a text file, without the final newline. */
const linesOf = (text: string) => text.replace(/\n$/, '').split('\n');

const fixture = inject('sites').find((site) => site.name === 'fixture')!;

describe(`the fixture's runtime article, which shows the lab ${FIXTURE_LAB} with <Lab>`, () => {
	const files = labFiles(join(fixture.dir, 'src/content/docs', `${FIXTURE_LAB}.lab.sh`));
	const script = readFileSync(files.script, 'utf8');
	const transcript = readFileSync(files.transcript, 'utf8');
	const meta = JSON.parse(readFileSync(files.meta, 'utf8')) as LabMeta;
	// node-html-parser keeps <pre> as raw text by default; the transcript marks its commands with elements inside it.
	const html = parse(readFileSync(join(fixture.dist, 'oci-02-runtime-spec/index.html'), 'utf8'), { blockTextElements: { script: true, style: true, noscript: true } });
	const lab = html.querySelector('figure.lab')!;

	test('has the lab, titled with the recording’s title, which is the script’s # @title', () => {
		expect(lab, '页面上没有 <Lab> 生成的 figure.lab').toBeTruthy();
		expect(lab.querySelector('.lab-title')?.text).toBe(meta.title);
		expect(meta.title).toBe(parseLab(files.script, script).title);
	});

	test('shows the recorded transcript, line for line, with its commands marked', () => {
		const shown = lab.querySelector('pre.lab-transcript');
		expect(linesOf(shown?.text ?? '')).toEqual(linesOf(transcript));
		const commands = shown?.querySelectorAll('.lab-command').flatMap((span) => linesOf(span.text)) ?? [];
		expect(commands).toEqual(linesOf(transcript).filter((line) => /^[$>] /.test(line)));
	});

	test('shows the whole script the tests run, line for line, under its file name', () => {
		const details = lab.querySelector('details.lab-script')!;
		expect(details.querySelector('summary')?.text).toContain(`${FIXTURE_LAB.split('/').at(-1)}.lab.sh`);
		expect(linesOf(details.querySelector('pre')?.text ?? '')).toEqual(linesOf(script));
	});

	test('shows the recording date, the system, and every tool with its Debian package version', () => {
		const versions = lab.querySelector('.lab-versions')!;
		expect(lab.text).toContain(`${meta.recorded} 录制`);
		expect(versions.text).toContain(meta.system);
		const items = versions.querySelectorAll('li').map((item) => item.text.replace(/\s+/g, ' ').trim());
		expect(items).toHaveLength(meta.tools.length);
		for (const tool of meta.tools) expect(items, `页面上没有 ${tool.tool} ${tool.version}`).toContainEqual(expect.stringContaining(`${tool.tool} ${tool.version}`));
	});
});
