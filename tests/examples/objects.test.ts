import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { describeSchemaSources, loadOciValidators, applyPatch } from '../../src/lib/examples/schemas.ts';
import type { OciValidators } from '../../src/lib/examples/schemas.ts';
import { checkArticle, checkDocsExamples, checkExampleFile, declaredKind, formatProblem } from '../../src/lib/examples/sources.ts';
import type { ExampleProblem } from '../../src/lib/examples/sources.ts';
import { guessOciKind } from '../../src/lib/examples/kinds.ts';

const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'tests/fixtures/examples');
let validators: OciValidators;

beforeAll(() => {
	validators = loadOciValidators();
	for (const line of describeSchemaSources(validators)) console.info(line);
});

/** Checks a fixture article and returns its problems. */
function checkFixture(name: string): ExampleProblem[] {
	return checkArticle(`tests/fixtures/examples/${name}`, readFileSync(join(fixtures, name), 'utf8'), validators);
}

/** The problems reported on one line. */
function onLine(problems: ExampleProblem[], line: number): string[] {
	return problems.filter((problem) => problem.line === line).map((problem) => problem.message);
}

describe('the articles and their example files', () => {
	test('contain only complete JSON, and every OCI object passes its official schema', () => {
		const problems = checkDocsExamples(join(root, 'src/content/docs'), root, validators);
		if (problems.length > 0) throw new Error(`${problems.length} 处示例有问题：\n${problems.map(formatProblem).join('\n')}`);
	});
});

describe('checkArticle', () => {
	test('rejects a manifest whose schemaVersion is not 2, on the line of the field', () => {
		const problems = checkFixture('broken-manifest.md');
		expect(onLine(problems, 7)).toEqual([expect.stringMatching(/^\/schemaVersion .*must be <= 2.*image-manifest-schema\.json/)]);
		expect(problems[0]?.file).toBe('tests/fixtures/examples/broken-manifest.md');
	});

	test('rejects a layer digest that does not match the digest pattern, on the line of the digest', () => {
		expect(onLine(checkFixture('broken-manifest.md'), 17)).toEqual([expect.stringMatching(/^\/layers\/0\/digest .*must match pattern/)]);
	});

	test('finds a broken manifest directly inside <TabItem>, with no blank line around it, on the line of the field', () => {
		const problems = checkFixture('inside-components.mdx');
		expect(onLine(problems, 11)).toEqual([expect.stringMatching(/^\/schemaVersion .*must be <= 2/)]);
	});

	test('finds a broken manifest indented inside <Aside>, on the line of the field', () => {
		const problems = checkFixture('inside-components.mdx');
		expect(onLine(problems, 33)).toEqual([expect.stringMatching(/^\/config .*required property 'size'/)]);
		expect(problems).toHaveLength(2);
	});

	test('reports MDX that does not parse at its line instead of skipping its code blocks', () => {
		const problems = checkArticle('x.mdx', '# 标题\n\n<Aside>\n\n</Tabs>\n', validators);
		expect(problems.map((problem) => [problem.line, problem.message])).toEqual([[5, expect.stringMatching(/^MDX 无法解析/)]]);
	});

	test('tells the author to declare an OCI object that declares nothing', () => {
		expect(onLine(checkFixture('undeclared.mdx'), 8)).toEqual([expect.stringContaining('```json oci=runtime-state')]);
	});

	test('rejects a json block that is not complete JSON, and leaves the same text labelled jsonc alone', () => {
		const problems = checkFixture('not-json.md');
		expect(problems.map((problem) => problem.line)).toEqual([6]);
		expect(problems[0]?.message).toContain('jsonc');
	});

	test('accepts declared objects, v1.1+ fields, jsonc fragments and JSON that is not an OCI object', () => {
		expect(checkFixture('valid.md').map(formatProblem)).toEqual([]);
	});

	test('applies the image-spec v1.1 rules that the installed schema lacks, naming spec-updates.ts as their source', () => {
		const problems = checkFixture('newer-fields.md');
		expect(onLine(problems, 4)).toEqual([expect.stringMatching(/必须设置 artifactType.*（spec-updates\.ts 按 image-spec v1\.1\.1 正文补充的规则，v1\.1\.0 起）$/)]);
		expect(onLine(problems, 16)).toEqual([expect.stringContaining('data 解码后的摘要')]);
		expect(onLine(problems, 37)).toEqual([expect.stringContaining('application/vnd.oci.image.index.v1+json')]);
	});

	test('labels the empty-descriptor check as guidance, not a MUST', () => {
		expect(onLine(checkFixture('newer-fields.md'), 6)).toEqual([expect.stringMatching(/^\/config：空描述符.*规范指引（GUIDANCE）而非 MUST/)]);
	});

	test('validates runtime-spec fields added after the installed schema, crediting the patch rather than the official schema', () => {
		const problems = checkFixture('newer-fields.md');
		expect(onLine(problems, 28)).toEqual([
			expect.stringMatching(/^\/process\/ioPriority\/class 不符合 schema：.*IOPRIO_CLASS_RT.*（config-schema\.json#\/properties\/process\/properties\/ioPriority\/properties\/class\/enum，spec-updates\.ts 按 runtime-spec v1\.1\.0 补充：/),
		]);
		expect(onLine(problems, 30)).toEqual([expect.stringMatching(/^\/linux\/memoryPolicy：linux\.memoryPolicy 必须有 mode.*spec-updates\.ts 按 runtime-spec v1\.3\.0 正文补充的规则/)]);
	});

	test('names the schema file a $ref leads to, not the file validation started from', () => {
		expect(onLine(checkFixture('inside-components.mdx'), 33)).toEqual([expect.stringContaining('（content-descriptor.json#/required）')]);
		expect(onLine(checkFixture('broken-manifest.md'), 17)).toEqual([expect.stringContaining('（defs-descriptor.json#/definitions/digest/pattern）')]);
	});

	test.each([
		['a media type the rc2 pattern let through', 5, /^\/mediaType 不符合 schema：must match pattern .*defs-descriptor\.json#\/definitions\/mediaType\/pattern，spec-updates\.ts 按 image-spec v1\.1\.1 补充/],
		['an uppercase sha256 digest', 6, /^\/digest：sha256 摘要的编码部分必须匹配 .*小写十六进制.*"E3B0C442/],
		['an empty descriptor that does not point at {}', 12, /^（根对象）：空描述符.*规范指引（GUIDANCE）而非 MUST/],
		['data whose length disagrees with size, under sha512', 15, /^\/size：data 解码后是 2 字节，与 size 3 不符/],
		['base64 without its padding', 25, /^\/data：data 必须是 RFC 4648 第 4 节的 Base 64.*"e30"/],
		['an ioPriority without priority', 32, /^\/process\/ioPriority：.*class 和 priority/],
		['a mount with uidMappings only', 33, /^\/mounts\/0：挂载的 uidMappings 和 gidMappings 必须同时给出/],
		['a device fileMode of 512', 35, /^\/linux\/devices\/0\/fileMode 不符合 schema：must be <= 511.*runtime-spec v1\.3\.0 补充/],
		['an intelRdt.schemata line with a newline', 36, /^\/linux\/intelRdt\/schemata\/0：.*不能含换行符/],
		['a created container state without pid', 42, /^（根对象）：status 是 created 时，Linux 上的状态必须有 pid/],
		['a state whose bundle is relative', 46, /^\/bundle：bundle 必须是 bundle 目录的绝对路径/],
	])('rejects %s, on line %i', (_, line, pattern) => {
		expect(onLine(checkFixture('spec-rules.md'), line)).toEqual([expect.stringMatching(pattern)]);
	});

	test('reports nothing else in the rules fixture', () => {
		expect(checkFixture('spec-rules.md').map((problem) => problem.line)).toEqual([5, 6, 12, 15, 25, 32, 33, 35, 36, 42, 46]);
	});
});

describe('checkExampleFile', () => {
	const checkFile = (name: string) => checkExampleFile(`files/${name}`, readFileSync(join(fixtures, 'files', name), 'utf8'), validators);

	test('validates an oci-layout file by its name', () => {
		expect(checkFile('oci-layout').map((problem) => problem.message)).toEqual([expect.stringContaining('/imageLayoutVersion')]);
	});

	test('validates a file whose name declares its kind', () => {
		expect(checkFile('busybox.image-config.json')).toEqual([]);
	});

	test('tells the author to rename an undeclared OCI object file', () => {
		expect(checkFile('undeclared.json').map((problem) => problem.message)).toEqual([expect.stringContaining('undeclared.descriptor.json')]);
	});
});

describe('declaredKind', () => {
	test.each([
		['oci=image-manifest', 'image-manifest'],
		['title="清单" oci=image-index {2-3}', 'image-index'],
		['oci="runtime-config"', 'runtime-config'],
		['title="oci=none"', undefined],
		['', undefined],
	])('reads %j as %j', (meta, kind) => {
		expect(declaredKind(meta)).toBe(kind);
	});
});

describe('guessOciKind', () => {
	test.each([
		[{ schemaVersion: 2, manifests: [] }, 'image-index'],
		[{ schemaVersion: 2, config: {}, layers: [] }, 'image-manifest'],
		[{ ociVersion: '1.0.2', id: 'a', status: 'created', bundle: '/b' }, 'runtime-state'],
		[{ ociVersion: '1.0.2', process: {} }, 'runtime-config'],
		[{ architecture: 'amd64', os: 'linux', rootfs: {} }, 'image-config'],
		[{ mediaType: 'a/b', digest: 'sha256:00', size: 1 }, 'descriptor'],
		[{ imageLayoutVersion: '1.0.0' }, 'image-layout'],
		[{ 'registry-mirrors': [] }, undefined],
	])('recognises %j as %j', (value, kind) => {
		expect(guessOciKind(value)).toBe(kind);
	});
});

describe('applyPatch', () => {
	test('fails loudly when the installed schema no longer has the patched place', () => {
		const patch = { spec: 'runtime', since: 'v9', file: 'x.json', pointer: '/nowhere', add: {}, note: '测试', url: '' } as const;
		expect(() => applyPatch({}, patch)).toThrow(/找不到 x\.json\/nowhere/);
	});

	test('fails loudly when a value to replace or remove is not there', () => {
		const base = { spec: 'runtime', since: 'v9', file: 'x.json', pointer: '/definitions/A', note: '测试', url: '' } as const;
		expect(() => applyPatch({ definitions: { A: {} } }, { ...base, set: { maximum: 1 } })).toThrow(/要替换的 x\.json\/definitions\/A\/maximum 不存在/);
		expect(() => applyPatch({ definitions: { A: {} } }, { ...base, remove: ['old'] })).toThrow(/要去掉的 x\.json\/definitions\/A\/old 不存在/);
	});
});
