/**
 * Makes sure the Debian packages the tests use are installed: installs the missing ones where it can (as root on
 * Debian), and otherwise says exactly what is missing and how to install it. Run by `npm test` before the suite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian packages the test suite needs, and what for. */
const PACKAGES: Record<string, string> = {
	chromium: '端到端测试所用的浏览器（/usr/bin/chromium）',
	'fonts-noto-cjk': '浏览器渲染中文所用的字体',
	runc: '运行时实验：按 config.json 真正运行容器',
	umoci: '镜像实验：创建、解包、重新打包 OCI 镜像布局',
	skopeo: '分发实验：在镜像布局与注册表之间复制镜像',
	'docker-registry': '分发实验：在 127.0.0.1 上运行的注册表',
	'oci-image-tool': '镜像实验：校验镜像布局',
	'golang-github-opencontainers-image-spec-dev': 'OCI 镜像规范的官方 JSON Schema',
	'golang-github-opencontainers-specs-dev': 'OCI 运行时规范的官方 JSON Schema',
	'busybox-static': '实验镜像的根文件系统内容',
	jq: '实验中处理 JSON',
	curl: '实验中调用注册表的 HTTP API',
};

/** The packages from `PACKAGES` that dpkg does not report as installed. */
function missingPackages(): string[] {
	return Object.keys(PACKAGES).filter((name) => {
		const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
		return !result.stdout.includes('install ok installed');
	});
}

function explain(missing: string[], why: string): never {
	console.error(`缺少测试所需的系统软件包，${why}：`);
	for (const name of missing) console.error(`  - ${name}：${PACKAGES[name]}`);
	console.error(`\n在 Debian 12 上以 root 身份安装：\n  apt-get update && apt-get install -y ${missing.join(' ')}`);
	process.exit(1);
}

if (!existsSync('/usr/bin/dpkg-query')) {
	explain(Object.keys(PACKAGES), '而这台机器不是 Debian 系统（没有 dpkg），无法自动检查或安装');
}

const missing = missingPackages();
if (missing.length === 0) {
	console.log(`系统软件包齐全（${Object.keys(PACKAGES).length} 个）。`);
} else if (process.getuid?.() !== 0) {
	explain(missing, '当前用户不是 root，不能自动安装');
} else {
	console.log(`正在安装缺少的系统软件包：${missing.join(' ')}`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
	const still = missingPackages();
	if (still.length > 0) explain(still, 'apt-get 安装后仍然缺少');
	console.log('系统软件包已安装。');
}
