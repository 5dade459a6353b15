/**
 * Makes sure the Debian packages the tests use are installed: installs the missing ones where it can (as root on
 * Debian), and otherwise says exactly what is missing and how to install it. Run by `npm test` before the suite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SYSTEM_PACKAGES } from '../src/lib/system-packages.ts';

/** The packages from `SYSTEM_PACKAGES` that dpkg does not report as installed. */
function missingPackages(): string[] {
	return Object.keys(SYSTEM_PACKAGES).filter((name) => {
		const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
		return !result.stdout.includes('install ok installed');
	});
}

function explain(missing: string[], why: string): never {
	console.error(`缺少测试所需的系统软件包，${why}：`);
	for (const name of missing) console.error(`  - ${name}：${SYSTEM_PACKAGES[name]}`);
	console.error(`\n在 Debian 12 上以 root 身份安装：\n  apt-get update && apt-get install -y ${missing.join(' ')}`);
	process.exit(1);
}

if (!existsSync('/usr/bin/dpkg-query')) {
	explain(Object.keys(SYSTEM_PACKAGES), '而这台机器不是 Debian 系统（没有 dpkg），无法自动检查或安装');
}

const missing = missingPackages();
if (missing.length === 0) {
	console.log(`系统软件包齐全（${Object.keys(SYSTEM_PACKAGES).length} 个）。`);
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
