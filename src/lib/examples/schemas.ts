/**
 * Loads the official OCI JSON Schemas from the Debian packages installed on this machine (never from the repo),
 * applies the newer-release patches in memory, and compiles one draft-04 validator per OCI object kind.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OciKind, SpecName } from './kinds.ts';
import { ociKindNames, ociKinds, isJsonObject } from './kinds.ts';
import { schemaPatches } from './spec-updates.ts';
import type { SchemaPatch } from './spec-updates.ts';
import { schemaSources } from './specs.ts';

/** The installed schemas of one spec: where they are and which package version they come from. */
export interface InstalledSchemas {
	spec: SpecName;
	/** Folder holding the `*.json` schema files. */
	dir: string;
	/** Debian package version, e.g. `1.1.0~rc2-3`. */
	version: string;
}

/** Runs a command and returns its stdout, or undefined if it fails. */
function tryRun(command: string, args: string[]): string | undefined {
	try {
		return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	} catch {
		return undefined;
	}
}

/** Finds a spec's schema folder through `dpkg -L`, failing with an install hint when the package is missing. */
export function findInstalledSchemas(spec: SpecName): InstalledSchemas {
	const { debianPackage } = schemaSources[spec];
	const marker = `/${spec === 'runtime' ? 'runtime-spec' : 'image-spec'}/schema/config-schema.json`;
	const file = tryRun('dpkg', ['-L', debianPackage])
		?.split('\n')
		.find((line) => line.endsWith(marker));
	const version = tryRun('dpkg-query', ['-W', '-f', '${Version}', debianPackage]);
	if (!file || !version) {
		throw new Error(`找不到 ${schemaSources[spec].title} 的 JSON Schema：请先安装 Debian 包 ${debianPackage}（apt-get install ${debianPackage}）。`);
	}
	return { spec, dir: file.slice(0, -'/config-schema.json'.length), version };
}

/** Removes draft-04 `id` keywords (string values only; a property named `id` is an object) and `$schema`. */
function stripIds(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(stripIds);
	if (!isJsonObject(node)) return node;
	return Object.fromEntries(
		Object.entries(node)
			.filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
			.map(([key, value]) => [key, stripIds(value)]),
	);
}

/** Applies one patch to a parsed schema file, failing loudly if the installed schema moved. */
export function applyPatch(schema: Record<string, unknown>, patch: SchemaPatch): void {
	const target = patch.pointer
		.slice(1)
		.split('/')
		.reduce<unknown>((node, key) => (isJsonObject(node) ? node[key] : undefined), schema);
	if (!isJsonObject(target)) throw new Error(`补丁「${patch.note}」找不到 ${patch.file}${patch.pointer}：已安装的 schema 结构变了，请更新 src/lib/examples/spec-updates.ts。`);
	for (const [key, value] of Object.entries(patch.add ?? {})) if (!Object.hasOwn(target, key)) target[key] = value;
	if (patch.addEnum) {
		const values = target['enum'];
		if (!Array.isArray(values)) throw new Error(`补丁「${patch.note}」要求 ${patch.file}${patch.pointer} 有 enum。`);
		target['enum'] = [...new Set([...values, ...patch.addEnum])];
	}
}

/** Validators for every OCI kind, plus what they were built from. */
export interface OciValidators {
	/** The compiled validator for a kind. */
	validate(kind: OciKind, value: unknown): ErrorObject[];
	/** The installed schema sets used. */
	sources: Record<SpecName, InstalledSchemas>;
	/** The patches applied on top. */
	patches: readonly SchemaPatch[];
}

/** Loads all schema files of a spec into an Ajv instance, keyed by their file URL so relative `$ref`s resolve. */
function addSpecSchemas(ajv: Ajv, installed: InstalledSchemas): void {
	for (const file of readdirSync(installed.dir).filter((name) => name.endsWith('.json'))) {
		const path = join(installed.dir, file);
		const schema = stripIds(JSON.parse(readFileSync(path, 'utf8'))) as Record<string, unknown>;
		for (const patch of schemaPatches.filter((p) => p.spec === installed.spec && p.file === file)) applyPatch(schema, patch);
		ajv.addSchema({ ...schema, id: pathToFileURL(path).href });
	}
}

/** Builds the validators (once per process: loading and compiling takes a moment). */
export function loadOciValidators(): OciValidators {
	const sources = { runtime: findInstalledSchemas('runtime'), image: findInstalledSchemas('image') };
	const ajv = new Ajv({ allErrors: true, strict: false });
	addFormats(ajv);
	addSpecSchemas(ajv, sources.runtime);
	addSpecSchemas(ajv, sources.image);
	const compiled = new Map<OciKind, ValidateFunction>(
		ociKindNames.map((kind) => {
			const { spec, schemaFile } = ociKinds[kind];
			const validator = ajv.getSchema(pathToFileURL(join(sources[spec].dir, schemaFile)).href);
			if (!validator) throw new Error(`${sources[spec].dir} 中缺少 ${schemaFile}`);
			return [kind, validator];
		}),
	);
	return {
		sources,
		patches: schemaPatches,
		validate(kind, value) {
			const validator = compiled.get(kind);
			if (!validator || validator(value)) return [];
			return validator.errors ?? [];
		},
	};
}

/** Says, in Chinese, which installed schema each spec is checked against and what was patched up to its target. */
export function describeSchemaSources(validators: OciValidators): string[] {
	return (Object.keys(schemaSources) as SpecName[]).map((spec) => {
		const { title, debianPackage, target } = schemaSources[spec];
		const patches = validators.patches.filter((patch) => patch.spec === spec);
		const list = patches.map((patch) => `${patch.since} ${patch.note}`).join('；');
		const rules = spec === 'image' ? '另外检查 schema 表达不了的规则：sha256/sha512 摘要编码、空描述符、data 与 digest/size 一致、空 config 时必须有 artifactType、清单与索引自身的 mediaType。' : '';
		return `${title}：官方 schema 取自 Debian 包 ${debianPackage} ${validators.sources[spec].version}，旧于文章所针对的 ${target}；另按 ${target} 规范文本补充 ${patches.length} 处：${list}。${rules}`;
	});
}
