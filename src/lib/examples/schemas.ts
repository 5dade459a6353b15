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
import { ruleSummary, schemaPatches } from './spec-updates.ts';
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

/** Schema objects that a patch added or changed, so a problem found there is credited to the patch. */
export type PatchedNodes = WeakMap<object, SchemaPatch>;

/** Marks a patch's value and everything inside it as coming from that patch. */
function markPatched(node: unknown, patch: SchemaPatch, patched: PatchedNodes): void {
	if (typeof node !== 'object' || node === null) return;
	patched.set(node, patch);
	for (const child of Object.values(node)) markPatched(child, patch, patched);
}

/** Applies one patch to a parsed schema file, failing loudly if the installed schema moved. */
export function applyPatch(schema: Record<string, unknown>, patch: SchemaPatch, patched: PatchedNodes = new WeakMap()): void {
	const target = patch.pointer
		.slice(1)
		.split('/')
		.reduce<unknown>((node, key) => (isJsonObject(node) ? node[key] : undefined), schema);
	const moved = (what: string) => new Error(`补丁「${patch.note}」${what}：已安装的 schema 结构变了，请更新 src/lib/examples/spec-updates.ts。`);
	if (!isJsonObject(target)) throw moved(`找不到 ${patch.file}${patch.pointer}`);
	for (const [key, value] of Object.entries(patch.add ?? {})) {
		if (Object.hasOwn(target, key)) continue;
		target[key] = structuredClone(value);
		markPatched(target[key], patch, patched);
	}
	for (const [key, value] of Object.entries(patch.set ?? {})) {
		if (!Object.hasOwn(target, key)) throw moved(`要替换的 ${patch.file}${patch.pointer}/${key} 不存在`);
		target[key] = structuredClone(value);
		patched.set(target, patch);
	}
	for (const key of patch.remove ?? []) {
		if (!Object.hasOwn(target, key)) throw moved(`要去掉的 ${patch.file}${patch.pointer}/${key} 不存在`);
		delete target[key];
	}
	if (patch.addEnum) {
		const values = target['enum'];
		if (!Array.isArray(values)) throw new Error(`补丁「${patch.note}」要求 ${patch.file}${patch.pointer} 有 enum。`);
		target['enum'] = [...new Set([...values, ...patch.addEnum])];
		patched.set(target, patch);
	}
}

/** Where a schema object sits: its file and JSON Pointer, and the patch that added or changed it, if any. */
export interface SchemaLocation {
	file: string;
	pointer: string;
	patch?: SchemaPatch | undefined;
}

/** Validators for every OCI kind, plus what they were built from. */
export interface OciValidators {
	/** The compiled validator for a kind. */
	validate(kind: OciKind, value: unknown): ErrorObject[];
	/** Where the schema keyword behind an error lives (its own file, even when reached through a `$ref`). */
	locate(error: ErrorObject): SchemaLocation | undefined;
	/** The installed schema sets used. */
	sources: Record<SpecName, InstalledSchemas>;
	/** The patches applied on top. */
	patches: readonly SchemaPatch[];
}

/** Records the file and pointer of every object in a schema, inheriting the patch of a patched ancestor. */
function indexSchema(node: unknown, location: SchemaLocation, index: WeakMap<object, SchemaLocation>, patched: PatchedNodes): void {
	if (typeof node !== 'object' || node === null) return;
	const own = { ...location, patch: patched.get(node) ?? location.patch };
	index.set(node, own);
	for (const [key, child] of Object.entries(node)) {
		indexSchema(child, { ...own, pointer: `${own.pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}` }, index, patched);
	}
}

/** Loads all schema files of a spec into an Ajv instance, keyed by their file URL so relative `$ref`s resolve. */
function addSpecSchemas(ajv: Ajv, installed: InstalledSchemas, index: WeakMap<object, SchemaLocation>): void {
	const patched: PatchedNodes = new WeakMap();
	for (const file of readdirSync(installed.dir).filter((name) => name.endsWith('.json'))) {
		const path = join(installed.dir, file);
		const schema = stripIds(JSON.parse(readFileSync(path, 'utf8'))) as Record<string, unknown>;
		for (const patch of schemaPatches.filter((p) => p.spec === installed.spec && p.file === file)) applyPatch(schema, patch, patched);
		const withId = { ...schema, id: pathToFileURL(path).href };
		indexSchema(withId, { file, pointer: '' }, index, patched);
		ajv.addSchema(withId);
	}
}

/** Builds the validators (once per process: loading and compiling takes a moment). */
export function loadOciValidators(): OciValidators {
	const sources = { runtime: findInstalledSchemas('runtime'), image: findInstalledSchemas('image') };
	const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
	addFormats(ajv);
	const index = new WeakMap<object, SchemaLocation>();
	addSpecSchemas(ajv, sources.runtime, index);
	addSpecSchemas(ajv, sources.image, index);
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
		locate(error) {
			const parent: unknown = error.parentSchema;
			return typeof parent === 'object' && parent !== null ? index.get(parent) : undefined;
		},
	};
}

/** Says, in Chinese, which installed schema each spec is checked against and what was patched up to its target. */
export function describeSchemaSources(validators: OciValidators): string[] {
	return (Object.keys(schemaSources) as SpecName[]).map((spec) => {
		const { title, debianPackage, target } = schemaSources[spec];
		const patches = validators.patches.filter((patch) => patch.spec === spec);
		const list = patches.map((patch) => `${patch.since} ${patch.note}`).join('；');
		return `${title}：官方 schema 取自 Debian 包 ${debianPackage} ${validators.sources[spec].version}，旧于文章所针对的 ${target}；src/lib/examples/spec-updates.ts 按 ${target} 的规范文本与上游 schema 改动 ${patches.length} 处：${list}。${ruleSummary[spec]}`;
	});
}
