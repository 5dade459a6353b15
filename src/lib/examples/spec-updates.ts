/**
 * What the target releases added after the schemas Debian ships (runtime-spec 1.0.2+118, image-spec 1.1.0-rc2).
 * Written for this project from the spec text at the release tags, not copied from the upstream schemas. Schema
 * patches are applied in memory to the installed schemas; semantic rules are MUSTs a draft-04 schema cannot say.
 */
import type { SpecName } from './kinds.ts';
import { isJsonObject } from './kinds.ts';
import { createHash } from 'node:crypto';
import { specUrl } from './specs.ts';

/** One in-memory change to an installed schema file. */
export interface SchemaPatch {
	/** The spec whose schema is patched. */
	spec: SpecName;
	/** The release that added the feature, e.g. `v1.1.0`. */
	since: string;
	/** The schema file name, e.g. `defs-linux.json`. */
	file: string;
	/** JSON Pointer to the object to extend, e.g. `/properties/process/properties`. */
	pointer: string;
	/** Properties merged into that object (new keys only; an existing key is left alone). */
	add?: Record<string, unknown>;
	/** Values appended to the `enum` array of that object. */
	addEnum?: readonly string[];
	/** What the patch brings, in Chinese, for test output. */
	note: string;
	/** The spec section at the target tag. */
	url: string;
}

const int32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
const uint32 = { type: 'integer', minimum: 0, maximum: 4294967295 };
const uint64 = { type: 'integer', minimum: 0 };
const int64 = { type: 'integer' };
/** A CPU or NUMA node list such as `0-3,7`. */
const cpuList = { type: 'string', pattern: '^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$' };
const mediaTypeRef = { $ref: 'defs-descriptor.json#/definitions/mediaType' };
const descriptorRef = { $ref: 'content-descriptor.json' };
const base64 = { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' };

/** Schema patches, oldest release first. */
export const schemaPatches: readonly SchemaPatch[] = [
	{
		spec: 'runtime',
		since: 'v1.1.0',
		file: 'defs-linux.json',
		pointer: '/definitions/NamespaceType',
		addEnum: ['time'],
		note: 'linux.namespaces 增加 time 命名空间',
		url: specUrl('runtime', 'config-linux.md#namespaces'),
	},
	{
		spec: 'runtime',
		since: 'v1.1.0',
		file: 'config-linux.json',
		pointer: '/linux/properties',
		add: {
			timeOffsets: {
				type: 'object',
				additionalProperties: { type: 'object', properties: { secs: int64, nanosecs: uint32 } },
			},
		},
		note: 'linux.timeOffsets（time 命名空间的时钟偏移）',
		url: specUrl('runtime', 'config-linux.md#offset-for-time-namespace'),
	},
	{
		spec: 'runtime',
		since: 'v1.1.0',
		file: 'config-schema.json',
		pointer: '/properties/process/properties',
		add: {
			scheduler: {
				type: 'object',
				required: ['policy'],
				properties: {
					policy: {
						enum: ['SCHED_OTHER', 'SCHED_FIFO', 'SCHED_RR', 'SCHED_BATCH', 'SCHED_ISO', 'SCHED_IDLE', 'SCHED_DEADLINE'],
					},
					nice: int32,
					priority: int32,
					flags: {
						type: 'array',
						items: {
							enum: [
								'SCHED_FLAG_RESET_ON_FORK',
								'SCHED_FLAG_RECLAIM',
								'SCHED_FLAG_DL_OVERRUN',
								'SCHED_FLAG_KEEP_POLICY',
								'SCHED_FLAG_KEEP_PARAMS',
								'SCHED_FLAG_UTIL_CLAMP_MIN',
								'SCHED_FLAG_UTIL_CLAMP_MAX',
							],
						},
					},
					runtime: uint64,
					deadline: uint64,
					period: uint64,
				},
			},
			ioPriority: {
				type: 'object',
				required: ['class', 'priority'],
				properties: {
					class: { enum: ['IOPRIO_CLASS_RT', 'IOPRIO_CLASS_BE', 'IOPRIO_CLASS_IDLE'] },
					priority: { type: 'integer', minimum: 0, maximum: 7 },
				},
			},
		},
		note: 'process.scheduler 与 process.ioPriority',
		url: specUrl('runtime', 'config.md#process'),
	},
	{
		spec: 'runtime',
		since: 'v1.2.1',
		file: 'config-schema.json',
		pointer: '/properties/process/properties',
		add: { execCPUAffinity: { type: 'object', properties: { initial: cpuList, final: cpuList } } },
		note: 'process.execCPUAffinity',
		url: specUrl('runtime', 'config.md#process'),
	},
	{
		spec: 'runtime',
		since: 'v1.3.0',
		file: 'config-linux.json',
		pointer: '/linux/properties',
		add: {
			netDevices: {
				type: 'object',
				additionalProperties: { type: 'object', properties: { name: { type: 'string' } } },
			},
			memoryPolicy: {
				type: 'object',
				required: ['mode'],
				properties: {
					mode: {
						enum: [
							'MPOL_DEFAULT',
							'MPOL_BIND',
							'MPOL_INTERLEAVE',
							'MPOL_WEIGHTED_INTERLEAVE',
							'MPOL_PREFERRED',
							'MPOL_PREFERRED_MANY',
							'MPOL_LOCAL',
						],
					},
					nodes: cpuList,
					flags: {
						type: 'array',
						items: { enum: ['MPOL_F_NUMA_BALANCING', 'MPOL_F_RELATIVE_NODES', 'MPOL_F_STATIC_NODES'] },
					},
				},
			},
		},
		note: 'linux.netDevices 与 linux.memoryPolicy',
		url: specUrl('runtime', 'config-linux.md#network-devices'),
	},
	{
		spec: 'runtime',
		since: 'v1.3.0',
		file: 'config-linux.json',
		pointer: '/linux/properties/intelRdt/properties',
		add: { schemata: { type: 'array', items: { type: 'string' } }, enableMonitoring: { type: 'boolean' } },
		note: 'linux.intelRdt.schemata 与 enableMonitoring',
		url: specUrl('runtime', 'config-linux.md#intelrdt'),
	},
	{
		spec: 'image',
		since: 'v1.1.0',
		file: 'content-descriptor.json',
		pointer: '/properties',
		add: { data: base64, artifactType: mediaTypeRef },
		note: '描述符的 data 与 artifactType 字段',
		url: specUrl('image', 'descriptor.md#properties'),
	},
	{
		spec: 'image',
		since: 'v1.1.0',
		file: 'image-manifest-schema.json',
		pointer: '/properties',
		add: { artifactType: mediaTypeRef, subject: descriptorRef },
		note: '镜像清单的 artifactType 与 subject 字段',
		url: specUrl('image', 'manifest.md#image-manifest-property-descriptions'),
	},
	{
		spec: 'image',
		since: 'v1.1.0',
		file: 'image-index-schema.json',
		pointer: '/properties',
		add: { artifactType: mediaTypeRef, subject: descriptorRef },
		note: '镜像索引的 artifactType 与 subject 字段',
		url: specUrl('image', 'image-index.md#image-index-property-descriptions'),
	},
];

/** A rule broken by a value, at a JSON Pointer inside it. */
export interface RuleIssue {
	/** JSON Pointer of the offending value, `''` for the whole object. */
	pointer: string;
	/** What is wrong and what the spec requires, in Chinese. */
	message: string;
}

/** The empty descriptor of image-spec v1.1: the JSON `{}`. */
export const emptyDescriptor = {
	mediaType: 'application/vnd.oci.empty.v1+json',
	digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
	size: 2,
	data: 'e30=',
} as const;

/** Encoded-part patterns of the registered digest algorithms (descriptor.md, "Registered algorithms"). */
const registeredDigests: Record<string, RegExp> = { sha256: /^[a-f0-9]{64}$/, sha512: /^[a-f0-9]{128}$/ };

/** Checks one descriptor against the descriptor rules a schema cannot express. */
export function descriptorIssues(descriptor: unknown, pointer: string): RuleIssue[] {
	if (!isJsonObject(descriptor)) return [];
	const issues: RuleIssue[] = [];
	const { digest, size, data, mediaType } = descriptor;
	if (typeof digest === 'string' && digest.includes(':')) {
		const [algorithm = '', encoded = ''] = digest.split(':', 2);
		const pattern = registeredDigests[algorithm];
		if (pattern && !pattern.test(encoded)) {
			issues.push({
				pointer: `${pointer}/digest`,
				message: `${algorithm} 摘要的编码部分必须匹配 ${pattern.source}（小写十六进制），实际是 "${encoded}"。请用真实命令（如 sha256sum）算出摘要，不要手写。`,
			});
		}
	}
	if (typeof data === 'string' && typeof digest === 'string' && digest.startsWith('sha256:')) {
		const bytes = Buffer.from(data, 'base64');
		const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
		if (actual !== digest) issues.push({ pointer: `${pointer}/data`, message: `data 解码后的摘要是 ${actual}，与 digest ${digest} 不符（规范要求 data 与被引用内容完全相同）。` });
		if (typeof size === 'number' && bytes.length !== size) issues.push({ pointer: `${pointer}/size`, message: `data 解码后是 ${bytes.length} 字节，与 size ${size} 不符。` });
	}
	if (mediaType === emptyDescriptor.mediaType && (digest !== emptyDescriptor.digest || size !== emptyDescriptor.size)) {
		issues.push({
			pointer,
			message: `空描述符（${emptyDescriptor.mediaType}）指向内容 {}，digest 必须是 ${emptyDescriptor.digest}，size 必须是 2。`,
		});
	}
	return issues;
}

/** Pointers of every descriptor inside an image object of the given kind. */
function descriptorPointers(kind: string, value: Record<string, unknown>): string[] {
	const list = (key: string) => (Array.isArray(value[key]) ? value[key].map((_, i) => `/${key}/${i}`) : []);
	const one = (key: string) => (isJsonObject(value[key]) ? [`/${key}`] : []);
	if (kind === 'descriptor') return [''];
	if (kind === 'image-manifest') return [...one('config'), ...list('layers'), ...one('subject')];
	if (kind === 'image-index') return [...list('manifests'), ...one('subject')];
	return [];
}

/** Reads a JSON Pointer inside a value. */
export function atPointer(value: unknown, pointer: string): unknown {
	if (pointer === '') return value;
	return pointer
		.slice(1)
		.split('/')
		.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
		.reduce<unknown>((node, key) => (isJsonObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined), value);
}

/** Checks the image-spec v1.1 rules that the installed schemas lack, for an object of the given kind. */
export function imageRuleIssues(kind: string, value: unknown): RuleIssue[] {
	if (!isJsonObject(value)) return [];
	const issues = descriptorPointers(kind, value).flatMap((pointer) => descriptorIssues(atPointer(value, pointer), pointer));
	const ownMediaType: Record<string, string> = {
		'image-manifest': 'application/vnd.oci.image.manifest.v1+json',
		'image-index': 'application/vnd.oci.image.index.v1+json',
	};
	const expected = ownMediaType[kind];
	if (expected && value['mediaType'] !== undefined && value['mediaType'] !== expected) {
		issues.push({ pointer: '/mediaType', message: `mediaType 若出现，必须是 ${expected}，实际是 ${JSON.stringify(value['mediaType'])}。` });
	}
	const config = value['config'];
	if (kind === 'image-manifest' && isJsonObject(config) && config['mediaType'] === emptyDescriptor.mediaType && value['artifactType'] === undefined) {
		issues.push({ pointer: '', message: 'config.mediaType 是空描述符类型时，镜像清单必须设置 artifactType（image-spec v1.1.0 起）。' });
	}
	return issues;
}
