/**
 * The OCI objects an example can show, defined once: the `oci=` value a code block declares, the Chinese label
 * used in messages, the spec that owns the object, its official JSON Schema file, and the `mediaType` that marks it.
 */
export const ociKinds = {
	'runtime-config': {
		label: '运行时配置（config.json）',
		spec: 'runtime',
		schemaFile: 'config-schema.json',
		mediaType: undefined,
	},
	'runtime-state': {
		label: '运行时状态（state）',
		spec: 'runtime',
		schemaFile: 'state-schema.json',
		mediaType: undefined,
	},
	'image-manifest': {
		label: '镜像清单（image manifest）',
		spec: 'image',
		schemaFile: 'image-manifest-schema.json',
		mediaType: 'application/vnd.oci.image.manifest.v1+json',
	},
	'image-index': {
		label: '镜像索引（image index）',
		spec: 'image',
		schemaFile: 'image-index-schema.json',
		mediaType: 'application/vnd.oci.image.index.v1+json',
	},
	'image-config': {
		label: '镜像配置（image config）',
		spec: 'image',
		schemaFile: 'config-schema.json',
		mediaType: 'application/vnd.oci.image.config.v1+json',
	},
	descriptor: {
		label: '内容描述符（descriptor）',
		spec: 'image',
		schemaFile: 'content-descriptor.json',
		mediaType: 'application/vnd.oci.descriptor.v1+json',
	},
	'image-layout': {
		label: '镜像布局文件（oci-layout）',
		spec: 'image',
		schemaFile: 'image-layout-schema.json',
		mediaType: undefined,
	},
} as const;

/** An OCI object kind, e.g. `image-manifest`. */
export type OciKind = keyof typeof ociKinds;

/** The spec an OCI object belongs to. */
export type SpecName = (typeof ociKinds)[OciKind]['spec'];

/** Every kind, in declaration order (for messages and tests). */
export const ociKindNames = Object.keys(ociKinds) as OciKind[];

/** The declaration value for JSON that is deliberately not an OCI object although it looks like one. */
export const notOciKind = 'none';

/** Whether a string names an OCI object kind. */
export function isOciKind(value: string): value is OciKind {
	return Object.hasOwn(ociKinds, value);
}

/** The kind whose document `mediaType` is this value (descriptors excluded: their `mediaType` names the target). */
export function kindOfMediaType(mediaType: unknown): OciKind | undefined {
	if (typeof mediaType !== 'string') return undefined;
	return ociKindNames.find((kind) => kind !== 'descriptor' && ociKinds[kind].mediaType === mediaType);
}

/** Whether a value is a plain JSON object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Guesses which OCI object an undeclared JSON value shows, from the fields that identify each object. */
export function guessOciKind(value: unknown): OciKind | undefined {
	if (!isJsonObject(value)) return undefined;
	const has = (...keys: string[]) => keys.every((key) => Object.hasOwn(value, key));
	const byMediaType = kindOfMediaType(value['mediaType']);
	if (byMediaType) return byMediaType;
	if (has('schemaVersion', 'manifests')) return 'image-index';
	if (has('schemaVersion') && (has('layers') || has('config'))) return 'image-manifest';
	if (has('imageLayoutVersion')) return 'image-layout';
	if (has('ociVersion', 'status') && (has('id') || has('bundle'))) return 'runtime-state';
	if (has('ociVersion') && (has('process') || has('root') || has('linux') || has('mounts'))) return 'runtime-config';
	if (has('rootfs') && (has('architecture') || has('os'))) return 'image-config';
	if (has('mediaType', 'digest') || has('digest', 'size')) return 'descriptor';
	return undefined;
}
