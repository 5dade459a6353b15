/**
 * The Debian packages the project uses, and what for: the browser for the site tests, and the tools of the labs.
 * `scripts/ensure-system.ts` installs them before the tests; the setup section of article 01 tells readers to
 * install exactly `LAB_PACKAGES` (a lint test compares the two), so a reader's machine matches the tested one.
 */

/** Packages the browser tests need. */
export const BROWSER_PACKAGES: Readonly<Record<string, string>> = {
	chromium: '端到端测试所用的浏览器（/usr/bin/chromium）',
	'fonts-noto-cjk': '浏览器渲染中文所用的字体',
};

/** Packages the labs and the example checks need. */
export const LAB_PACKAGES: Readonly<Record<string, string>> = {
	runc: '运行时实验：按 config.json 真正运行容器',
	umoci: '镜像实验：创建、解包、重新打包 OCI 镜像布局',
	skopeo: '分发实验：在镜像布局与注册表之间复制镜像',
	'docker-registry': '分发实验：在 127.0.0.1 上运行的注册表',
	'oci-image-tool': '镜像实验：校验镜像布局',
	'golang-github-opencontainers-image-spec-dev': 'OCI 镜像规范的官方 JSON Schema',
	'golang-github-opencontainers-specs-dev': 'OCI 运行时规范的官方 JSON Schema',
	'busybox-static': '实验镜像的根文件系统内容',
	zstd: '镜像实验：解压 zstd 压缩的层',
	jq: '实验中处理 JSON',
	curl: '实验中调用注册表的 HTTP API',
	'apache2-utils': '分发实验：用 htpasswd 为注册表的基本认证生成 bcrypt 口令文件',
	openssl: '分发实验：生成令牌认证所用的密钥和证书，并签发令牌',
	'libcap2-bin': '安全实验：capsh 解码能力位图，setcap 给文件加能力',
	strace: '安全实验：跟踪工作负载发出的系统调用，推导 seccomp 白名单',
	seccomp: '安全实验：scmp_sys_resolver 把系统调用号翻译成名字',
	procps: '调试实验：ps 查看容器进程的状态、父进程和僵尸进程',
	tini: '调试实验：用作容器的 1 号进程，回收僵尸进程、转发信号',
	iproute2: '调试实验：在容器的网络命名空间里用 ip、ss 查看网卡和监听的端口',
	file: '调试实验：识别程序文件的架构，排查 exec format error',
	crun: '钩子实验：与 runc 对照同一份钩子配置的执行时机和状态',
};

/** Every package the test suite needs. */
export const SYSTEM_PACKAGES: Readonly<Record<string, string>> = { ...BROWSER_PACKAGES, ...LAB_PACKAGES };
