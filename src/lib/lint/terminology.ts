/**
 * The series' terminology (CONTRIBUTING.md, 术语表) and the official spelling of proper nouns (写作规范), as data,
 * with the checks that find other wordings in prose. Rules are deliberately few: each names a wording that only ever means
 * the concept in the table, so a match is a real finding, not a guess.
 */
import type { Finding } from './findings.ts';
import { Positions } from './findings.ts';

/** A concept of the terminology table: the term the series uses and wordings a writer might use instead. */
export interface TermRule {
	/** The English term as the table names it. */
	english: string;
	/** The series' term, exactly as in the table's 本系列用语 column (a test checks it is there). */
	preferred: string;
	/** Other wordings for the same concept. */
	avoid: readonly string[];
	/** A match followed by this is allowed, e.g. when naming another project's format by its own English name. */
	allowedBefore?: RegExp;
	/** What to write instead, when that depends on what the writer meant. */
	hint?: string;
}

/** The terminology rules, one per concept of the table that has well-known competing translations. */
export const TERMS = [
	{ english: 'Open Container Initiative', preferred: '开放容器倡议', avoid: ['开放容器计划', '开放容器项目', '开放容器联盟', '开放容器组织', '开放容器标准', '开放容器促进会'] },
	// 「镜像仓库」is the usual Chinese for registry, but the series keeps registry and repository apart.
	{
		english: 'registry',
		preferred: '注册表',
		avoid: ['镜像仓库', '镜像注册中心'],
		hint: '指 registry 时写「注册表」（首次出现写「注册表（Registry）」），指 repository 时写「仓库」',
	},
	{ english: 'image', preferred: '镜像', avoid: ['容器映像'] },
	{ english: 'bundle', preferred: 'bundle（文件系统包）', avoid: ['捆绑包'] },
	{ english: 'namespace', preferred: '命名空间', avoid: ['名字空间', '名称空间'] },
	{ english: 'cgroup', preferred: '控制组', avoid: ['控制群组'] },
	{ english: 'capability (Linux)', preferred: '能力', avoid: ['权能', '特权能力'] },
	// Plain 「挂钩」 also means "linked to" (与……挂钩); only its uses as the name of a hook are flagged.
	{ english: 'hook', preferred: '钩子', avoid: ['挂钩（hook）', '挂钩(hook)', '挂钩函数', '挂钩程序', '挂钩脚本'] },
	{ english: 'lifecycle', preferred: '生命周期', avoid: ['生存周期'] },
	{ english: 'masked paths', preferred: '屏蔽路径', avoid: ['掩码路径', '遮蔽路径', '掩蔽路径'] },
	{ english: 'manifest', preferred: '镜像清单', avoid: ['镜像描述文件'] },
	// Docker's manifest list may be named as such when the text says so: 清单列表（manifest list）.
	{ english: 'image index', preferred: '镜像索引', avoid: ['清单列表'], allowedBefore: /^[（(]manifest list[)）]/ },
	{ english: 'descriptor', preferred: '描述符', avoid: ['描述子'] },
	{ english: 'media type', preferred: '媒体类型', avoid: ['媒介类型'] },
	{ english: 'changeset', preferred: '变更集', avoid: ['更改集', '变化集'] },
	{ english: 'artifact', preferred: '工件', avoid: ['制品'] },
	{ english: 'monolithic upload', preferred: '整体上传', avoid: ['单体上传'] },
	{ english: 'chunked upload', preferred: '分块上传', avoid: ['分片上传', '分段上传'] },
	{ english: 'cross-repository mount', preferred: '跨仓库挂载', avoid: ['跨库挂载'] },
] as const satisfies readonly TermRule[];

/** Proper nouns in their official spelling (CONTRIBUTING.md, 写作规范). Other capitalisations in prose are findings. */
export const PROPER_NOUNS = ['OCI', 'runc', 'containerd', 'Kubernetes', 'GitHub', 'JSON', 'Linux', 'seccomp', 'cgroup'] as const;

/** Finds every wording of `TERMS` that the series does not use, in a file's prose (see `proseOf`). */
export function checkTerminology(file: string, prose: string, terms: readonly TermRule[] = TERMS): Finding[] {
	const positions = new Positions(prose);
	const findings: Finding[] = [];
	for (const term of terms)
		for (const avoided of term.avoid)
			for (let at = prose.indexOf(avoided); at !== -1; at = prose.indexOf(avoided, at + avoided.length)) {
				if (term.allowedBefore?.test(prose.slice(at + avoided.length))) continue;
				findings.push({
					file,
					...positions.at(at),
					rule: '术语',
					message: `「${avoided}」不是本系列用语：${term.english} 统一写作「${term.preferred}」（CONTRIBUTING.md「术语表」）`,
					hint: 'hint' in term ? term.hint : `把「${avoided}」改为「${replacement(avoided, term.preferred)}」`,
				});
			}
	return findings;
}

/** What replaces an avoided wording: the preferred term, keeping an English gloss the writer already gave. */
function replacement(avoided: string, preferred: string): string {
	const gloss = /[（(][^）)]*[）)]$/.exec(avoided)?.[0];
	return gloss && !preferred.includes('（') ? `${preferred}${gloss.replace('(', '（').replace(')', '）')}` : preferred;
}

/**
 * A proper noun as a word of its own: not part of an identifier, a file name (`config.json`), a path, a URL host,
 * a command option or a `key=value`. Only ASCII counts as a word character, so `在runc上` still matches.
 */
function properNounPattern(name: string): RegExp {
	return new RegExp(`(?<![A-Za-z0-9_./\\\\@#$%:=-])${name}(?![A-Za-z0-9_/=-]|[.:][A-Za-z0-9./])`, 'gi');
}

/** Finds proper nouns written in a capitalisation other than their official one; `npm run lint:fix` corrects them. */
export function checkProperNouns(file: string, prose: string, names: readonly string[] = PROPER_NOUNS): Finding[] {
	const positions = new Positions(prose);
	const findings: Finding[] = [];
	for (const name of names)
		for (const match of prose.matchAll(properNounPattern(name))) {
			if (match[0] === name) continue;
			findings.push({
				file,
				...positions.at(match.index),
				rule: '专有名词',
				message: `「${match[0]}」应按官方写法写作「${name}」（CONTRIBUTING.md「写作规范」）`,
				fix: { offset: match.index, old: match[0], new: name },
			});
		}
	return findings;
}
