/**
 * Content lint: Chinese typography (AutoCorrect), terminology and proper nouns, Markdown lint, external link syntax.
 * `npm run lint` reports every finding as `file:line:column 规则 说明` with how to fix it; `npm run lint:fix` applies
 * the automatic fixes and reports what is left. Exits non-zero while findings remain.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentFiles, fixFile, lintProject, loadLintConfig } from '../src/lib/lint/content.ts';
import type { Finding } from '../src/lib/lint/findings.ts';
import { FIX_COMMAND, formatFinding, sortFindings } from '../src/lib/lint/findings.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const config = loadLintConfig(root);
const files = contentFiles(root);

let findings: Finding[];
if (process.argv.includes('--fix')) {
	findings = [];
	for (const file of files) {
		const path = join(root, file);
		const text = readFileSync(path, 'utf8');
		const result = await fixFile(file, text, config);
		if (result.text !== text) {
			writeFileSync(path, result.text);
			console.log(`已修复 ${file}（${result.fixed} 处）`);
		}
		findings.push(...result.left);
	}
} else {
	findings = await lintProject(root, config);
}

for (const finding of sortFindings(findings)) console.log(formatFinding(finding));
const fixable = findings.filter((f) => f.fix).length;
if (findings.length === 0) {
	console.log(`内容检查通过：${files.length} 个文件，没有发现问题。`);
} else {
	console.log(
		`\n内容检查发现 ${findings.length} 个问题（${files.length} 个文件）。` +
			(fixable > 0 ? `其中 ${fixable} 个可以用 ${FIX_COMMAND} 自动修复，` : '') +
			'其余请按每条的“修复”提示手动修改。',
	);
	process.exitCode = 1;
}
