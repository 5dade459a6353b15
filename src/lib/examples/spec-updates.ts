/**
 * What the target releases changed after the schemas Debian ships (runtime-spec 1.0.2+118, image-spec 1.1.0-rc2),
 * written for this project — not vendored — from the spec text and the upstream schemas at the release tags.
 *
 * Schema patches change the installed schemas in memory so they say what the target release's schema says.
 * Rules are requirements a draft-04 schema cannot state (or that the upstream schema leaves to the prose); each
 * says whether the spec makes it a MUST/REQUIRED or only gives it as guidance. Every problem found through a patch
 * or a rule names this file and the release, so a contributor can tell them from the official schema's own.
 */
import { createHash } from 'node:crypto';
import type { OciKind, SpecName } from './kinds.ts';
import { isJsonObject, ociKinds } from './kinds.ts';
import { schemaSources, specUrl } from './specs.ts';

/** One in-memory change to an installed schema file. */
export interface SchemaPatch {
	/** The spec whose schema is patched. */
	spec: SpecName;
	/** The release that made the change, e.g. `v1.1.0`. */
	since: string;
	/** The schema file name, e.g. `defs-linux.json`. */
	file: string;
	/** JSON Pointer to the object to change, e.g. `/properties/process/properties`. */
	pointer: string;
	/** Properties merged into that object (new keys only; an existing key is left alone). */
	add?: Record<string, unknown>;
	/** Properties whose value is replaced (the key must exist: a patch that finds nothing to replace fails). */
	set?: Record<string, unknown>;
	/** Properties removed from that object (each must exist). */
	remove?: readonly string[];
	/** Values appended to the `enum` array of that object. */
	addEnum?: readonly string[];
	/** What the patch brings, in Chinese, for test output. */
	note: string;
	/** The spec section at the target tag. */
	url: string;
}

/** `$ref`s into the installed `defs.json` of the runtime spec (their definitions have not changed since). */
const runtimeDefs = (name: 'int32' | 'int64' | 'uint32' | 'uint64' | 'ArrayOfStrings') => ({ $ref: `defs.json#/definitions/${name}` });
/** A CPU list as upstream v1.3.0 writes it: digits, commas, dashes and spaces, empty allowed (e.g. `0-3,7`). */
const cpuList = { type: 'string', pattern: '^[0-9, -]*$' };
/** One time namespace offset (config-linux.md, "Offset for Time Namespace"). */
const timeOffset = { type: 'object', properties: { secs: runtimeDefs('int64'), nanosecs: runtimeDefs('uint32') } };
const mediaTypeRef = { $ref: 'defs-descriptor.json#/definitions/mediaType' };
const descriptorRef = { $ref: 'content-descriptor.json' };

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
		add: { timeOffsets: { type: 'object', properties: { boottime: timeOffset, monotonic: timeOffset } } },
		note: 'linux.timeOffsets（time 命名空间的 boottime/monotonic 偏移）',
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
					policy: { type: 'string', enum: ['SCHED_OTHER', 'SCHED_FIFO', 'SCHED_RR', 'SCHED_BATCH', 'SCHED_ISO', 'SCHED_IDLE', 'SCHED_DEADLINE'] },
					nice: runtimeDefs('int32'),
					priority: runtimeDefs('int32'),
					flags: {
						type: 'array',
						items: {
							type: 'string',
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
					runtime: runtimeDefs('uint64'),
					deadline: runtimeDefs('uint64'),
					period: runtimeDefs('uint64'),
				},
			},
			ioPriority: {
				type: 'object',
				required: ['class'],
				properties: {
					class: { type: 'string', enum: ['IOPRIO_CLASS_RT', 'IOPRIO_CLASS_BE', 'IOPRIO_CLASS_IDLE'] },
					priority: runtimeDefs('int32'),
				},
			},
		},
		note: 'process.scheduler 与 process.ioPriority',
		url: specUrl('runtime', 'config.md#linux-process'),
	},
	{
		spec: 'runtime',
		since: 'v1.2.1',
		file: 'config-schema.json',
		pointer: '/properties/process/properties',
		add: { execCPUAffinity: { type: 'object', properties: { initial: cpuList, final: cpuList } } },
		note: 'process.execCPUAffinity',
		url: specUrl('runtime', 'config.md#linux-process'),
	},
	{
		spec: 'runtime',
		since: 'v1.2.1',
		file: 'defs-linux.json',
		pointer: '/definitions/SeccompArch',
		addEnum: ['SCMP_ARCH_LOONGARCH64', 'SCMP_ARCH_M68K', 'SCMP_ARCH_SH', 'SCMP_ARCH_SHEB'],
		note: 'seccomp 架构增加 LOONGARCH64、M68K、SH、SHEB',
		url: specUrl('runtime', 'config-linux.md#seccomp'),
	},
	{
		spec: 'runtime',
		since: 'v1.3.0',
		file: 'defs-linux.json',
		pointer: '/definitions/FileMode',
		set: { maximum: 511 },
		note: '设备 fileMode 的上限改为 511（0777）',
		url: specUrl('runtime', 'config-linux.md#devices'),
	},
	{
		spec: 'runtime',
		since: 'v1.3.0',
		file: 'config-linux.json',
		pointer: '/linux/properties',
		add: {
			netDevices: { type: 'object', additionalProperties: { type: 'object', properties: { name: { type: 'string' } } } },
			memoryPolicy: {
				type: 'object',
				properties: {
					mode: {
						type: 'string',
						enum: ['MPOL_DEFAULT', 'MPOL_BIND', 'MPOL_INTERLEAVE', 'MPOL_WEIGHTED_INTERLEAVE', 'MPOL_PREFERRED', 'MPOL_PREFERRED_MANY', 'MPOL_LOCAL'],
					},
					nodes: { type: 'string' },
					flags: { type: 'array', items: { type: 'string', enum: ['MPOL_F_NUMA_BALANCING', 'MPOL_F_RELATIVE_NODES', 'MPOL_F_STATIC_NODES'] } },
				},
			},
		},
		note: 'linux.netDevices 与 linux.memoryPolicy',
		url: specUrl('runtime', 'config-linux.md#memory-policy'),
	},
	{
		spec: 'runtime',
		since: 'v1.3.0',
		file: 'config-linux.json',
		pointer: '/linux/properties/intelRdt/properties',
		add: { schemata: runtimeDefs('ArrayOfStrings'), enableMonitoring: { type: 'boolean' } },
		remove: ['enableCMT', 'enableMBM'],
		note: 'linux.intelRdt 增加 schemata 与 enableMonitoring，去掉被它取代的 enableCMT/enableMBM',
		url: specUrl('runtime', 'config-linux.md#intelrdt'),
	},
	{
		spec: 'image',
		since: 'v1.1.0',
		file: 'content-descriptor.json',
		pointer: '/properties',
		add: { data: { type: 'string' }, artifactType: mediaTypeRef },
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
	{
		spec: 'image',
		since: 'v1.1.1',
		file: 'defs-descriptor.json',
		pointer: '/definitions/mediaType',
		set: { pattern: '^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$' },
		note: 'mediaType/artifactType 的正则：rc2 的字符类里 &-^ 成了一个范围，误收了 ( ) , / : ; < = > ? @ [ ] 等字符，v1.1.1 把 - 移到末尾',
		url: specUrl('image', 'descriptor.md#properties'),
	},
];

/** How binding a rule is: a MUST/REQUIRED of the spec, or what the spec itself calls guidance. */
export type RuleLevel = 'must' | 'guidance';

/** A rule broken by a value, at a JSON Pointer inside it. */
export interface RuleIssue {
	/** JSON Pointer of the offending value, `''` for the whole object. */
	pointer: string;
	/** What is wrong and what the spec requires, in Chinese. */
	message: string;
	/** The spec and release the rule was written from, e.g. `image`, `v1.1.0`. */
	spec: SpecName;
	since: string;
	level: RuleLevel;
}

/** Where a rule's problem comes from, for the end of its message. */
export function ruleSource(issue: Pick<RuleIssue, 'spec' | 'since' | 'level'>): string {
	const spec = issue.spec === 'runtime' ? 'runtime-spec' : 'image-spec';
	const level = issue.level === 'guidance' ? '；这是规范指引（GUIDANCE）而非 MUST，本项目要求示例遵循它' : '';
	return `spec-updates.ts 按 ${spec} ${schemaSources[issue.spec].target} 正文补充的规则，${issue.since} 起${level}`;
}

/** Where a patched schema's problem comes from, for the end of its message. */
export function patchSource(patch: SchemaPatch): string {
	return `spec-updates.ts 按 ${patch.spec === 'runtime' ? 'runtime-spec' : 'image-spec'} ${patch.since} 补充：${patch.note}`;
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

/** Base 64 as RFC 4648 §4 defines it: the standard alphabet, in groups of four, padded with `=`. */
const rfc4648Base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Checks one descriptor against the descriptor rules a schema cannot express. */
export function descriptorIssues(descriptor: unknown, pointer: string): RuleIssue[] {
	if (!isJsonObject(descriptor)) return [];
	const issues: RuleIssue[] = [];
	const add = (at: string, message: string, since: string, level: RuleLevel = 'must') => issues.push({ pointer: at, message, spec: 'image', since, level });
	const { digest, size, data, mediaType } = descriptor;
	const [algorithm = '', encoded = ''] = typeof digest === 'string' ? digest.split(':', 2) : [];
	const pattern = registeredDigests[algorithm];
	if (pattern && !pattern.test(encoded)) {
		add(`${pointer}/digest`, `${algorithm} 摘要的编码部分必须匹配 ${pattern.source}（小写十六进制），实际是 "${encoded}"。请用真实命令（如 sha256sum）算出摘要，不要手写。`, 'v1.0.0');
	}
	if (typeof data === 'string') {
		if (!rfc4648Base64.test(data)) {
			add(`${pointer}/data`, `data 必须是 RFC 4648 第 4 节的 Base 64（标准字母表，长度是 4 的倍数，用 = 补齐），实际是 "${data}"。请用 base64 命令生成。`, 'v1.1.0');
		} else if (pattern && pattern.test(encoded)) {
			const bytes = Buffer.from(data, 'base64');
			const actual = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
			if (actual !== digest) add(`${pointer}/data`, `data 解码后的摘要是 ${actual}，与 digest ${String(digest)} 不符（规范要求 data 解码后与被引用内容完全相同）。`, 'v1.1.0');
			if (typeof size === 'number' && bytes.length !== size) add(`${pointer}/size`, `data 解码后是 ${bytes.length} 字节，与 size ${size} 不符。`, 'v1.1.0');
		}
	}
	if (mediaType === emptyDescriptor.mediaType && (digest !== emptyDescriptor.digest || size !== emptyDescriptor.size)) {
		add(pointer, `空描述符（${emptyDescriptor.mediaType}）指向内容 {}，digest 应是 ${emptyDescriptor.digest}，size 应是 2。`, 'v1.1.0', 'guidance');
	}
	return issues;
}

/** Pointers of every descriptor inside an image object of the given kind. */
function descriptorPointers(kind: OciKind, value: Record<string, unknown>): string[] {
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

/** The image-spec rules the installed schemas cannot express, for an image object of the given kind. */
function imageRuleIssues(kind: OciKind, value: Record<string, unknown>): RuleIssue[] {
	const issues = descriptorPointers(kind, value).flatMap((pointer) => descriptorIssues(atPointer(value, pointer), pointer));
	const add = (pointer: string, message: string, since: string) => issues.push({ pointer, message, spec: 'image', since, level: 'must' });
	const ownMediaType: Partial<Record<OciKind, string>> = {
		'image-manifest': 'application/vnd.oci.image.manifest.v1+json',
		'image-index': 'application/vnd.oci.image.index.v1+json',
	};
	const expected = ownMediaType[kind];
	if (expected && value['mediaType'] !== undefined && value['mediaType'] !== expected) {
		add('/mediaType', `mediaType 若出现，必须是 ${expected}，实际是 ${JSON.stringify(value['mediaType'])}。`, 'v1.0.0');
	}
	const config = value['config'];
	if (kind === 'image-manifest' && isJsonObject(config) && config['mediaType'] === emptyDescriptor.mediaType && value['artifactType'] === undefined) {
		add('', 'config.mediaType 是空描述符类型时，镜像清单必须设置 artifactType。', 'v1.1.0');
	}
	return issues;
}

/** The runtime-spec requirements that the schema leaves to the prose, for a runtime object of the given kind. */
function runtimeRuleIssues(kind: OciKind, value: Record<string, unknown>): RuleIssue[] {
	const issues: RuleIssue[] = [];
	const add = (pointer: string, message: string, since: string) => issues.push({ pointer, message, spec: 'runtime', since, level: 'must' });
	if (kind === 'runtime-state') {
		const { status, pid, bundle } = value;
		if ((status === 'created' || status === 'running') && pid === undefined) {
			add('', `status 是 ${status} 时，Linux 上的状态必须有 pid（runtime.md「State」）。`, 'v1.0.0');
		}
		if (typeof bundle === 'string' && !bundle.startsWith('/')) add('/bundle', `bundle 必须是 bundle 目录的绝对路径，实际是 "${bundle}"。`, 'v1.0.0');
		return issues;
	}
	if (kind !== 'runtime-config') return issues;
	const process = value['process'];
	const ioPriority = isJsonObject(process) ? process['ioPriority'] : undefined;
	if (isJsonObject(ioPriority) && ioPriority['priority'] === undefined) {
		add('/process/ioPriority', 'process.ioPriority 必须同时给出 class 和 priority（config.md 把两者都列为 REQUIRED；上游 schema 只要求 class）。', 'v1.1.0');
	}
	const linux = value['linux'];
	const memoryPolicy = isJsonObject(linux) ? linux['memoryPolicy'] : undefined;
	if (isJsonObject(memoryPolicy) && memoryPolicy['mode'] === undefined) {
		add('/linux/memoryPolicy', 'linux.memoryPolicy 必须有 mode（config-linux.md 把它列为 REQUIRED；上游 schema 没有写进 required）。', 'v1.3.0');
	}
	const intelRdt = isJsonObject(linux) ? linux['intelRdt'] : undefined;
	const schemata = isJsonObject(intelRdt) ? intelRdt['schemata'] : undefined;
	if (Array.isArray(schemata)) {
		schemata.forEach((line, index) => {
			if (typeof line === 'string' && line.includes('\n')) add(`/linux/intelRdt/schemata/${index}`, 'linux.intelRdt.schemata 的每一项是 schemata 文件的一行，不能含换行符。', 'v1.3.0');
		});
	}
	const mounts = value['mounts'];
	if (Array.isArray(mounts)) {
		mounts.forEach((mount, index) => {
			if (!isJsonObject(mount)) return;
			const uid = mount['uidMappings'] !== undefined;
			const gid = mount['gidMappings'] !== undefined;
			if (uid !== gid) add(`/mounts/${index}`, `挂载的 uidMappings 和 gidMappings 必须同时给出，这里只有 ${uid ? 'uidMappings' : 'gidMappings'}。`, 'v1.1.0');
		});
	}
	return issues;
}

/** The rules of `spec-updates.ts` broken by an OCI object of the given kind. */
export function specRuleIssues(kind: OciKind, value: unknown): RuleIssue[] {
	if (!isJsonObject(value)) return [];
	return ociKinds[kind].spec === 'image' ? imageRuleIssues(kind, value) : runtimeRuleIssues(kind, value);
}

/** The rules, as one Chinese sentence per spec, for the test output's opening lines. */
export const ruleSummary: Record<SpecName, string> = {
	runtime:
		'另外检查 schema 表达不了或留给正文的要求：state 在 created/running 时必须有 pid、bundle 是绝对路径，ioPriority.priority 与 memoryPolicy.mode 必填，intelRdt.schemata 不含换行，挂载的 uidMappings/gidMappings 成对出现。',
	image:
		'另外检查 schema 表达不了的规则：sha256/sha512 摘要编码、data 是 RFC 4648 Base 64 且与 digest/size 一致、空 config 时必须有 artifactType、清单与索引自身的 mediaType；以及规范指引（GUIDANCE）：空描述符的 digest 与 size。',
};
