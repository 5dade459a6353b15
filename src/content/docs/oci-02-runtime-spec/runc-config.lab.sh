#!/usr/bin/env bash
# @title runc 与 config.json：默认配置、最小配置，以及实现对规范版本的支持
# @tools runc jq busybox
# @timeout 60
# 以 root 在本示例目录中运行（脚本会读取同目录的 *.runtime-config.json）。
set -euo pipefail

# @setup 记下示例目录，建临时工作目录和唯一的容器 ID，注册清理
here="$PWD"
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id-time" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id-new" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. runc spec 生成一份默认的 config.json（runc 1.1.5 写的是 ociVersion 1.0.2-dev）。
mkdir bundle
runc spec --bundle bundle
jq -c '{ociVersion, args: .process.args, terminal: .process.terminal, root}' bundle/config.json
jq -c '[.linux.namespaces[].type]' bundle/config.json
jq -r '.linux.maskedPaths[:3][]' bundle/config.json

# 2. runc features 报告这个实现支持的规范版本范围和命名空间（这是实现的能力，不是规范的要求）。
runc features | jq -c '{ociVersionMin, ociVersionMax}'
runc features | jq -c '.linux.namespaces'

# 3. runc spec --rootless 生成给非 root 用户用的配置：去掉 network 命名空间，加上 user 命名空间和 ID 映射，
#    删掉资源限制。hostID 取运行这条命令的用户，这里是 root，所以是 0。
mkdir rootless
runc spec --rootless --bundle rootless
jq -c '{namespaces: [.linux.namespaces[].type], uidMappings: .linux.uidMappings, resources: .linux.resources}' rootless/config.json

# 4. 换成本文的最小配置 minimal.runtime-config.json，rootfs 里只有一个静态 busybox。
#    它写的是 ociVersion 1.0.2：上一步 runc 1.1.5 报告的 ociVersionMax 是 1.0.2-dev，配置也只用了 1.0.2 就有的字段。
cp "$here/minimal.runtime-config.json" bundle/config.json
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
runc --root "$work/runc" run --bundle bundle "$id"

# 5. time 命名空间是 runtime-spec v1.1.0 加入的；runc 1.1.5 还不认识它，会拒绝这份合法的配置。
cp "$here/time-namespace.runtime-config.json" bundle/config.json
if runc --root "$work/runc" run --bundle bundle "$id-time"; then echo "已运行"; else echo "runc 退出码：$?"; fi

# 6. 另一份 v1.3.0 配置用了 runc 1.1.5 不认识的字段：domainname、process.scheduler（SCHED_BATCH）、process.ioPriority（idle）。
#    它们不在 runc 1.1.5 的配置结构里，被悄悄丢掉：不报错，也没有生效（域名仍是 (none)，调度策略 0 是默认的 SCHED_OTHER，I/O 优先级未设置）。
cp "$here/new-fields.runtime-config.json" bundle/config.json
runc --root "$work/runc" run --bundle bundle "$id-new"

# 7. 配置写的是 ociVersion 1.3.0，runc 照样创建；它的状态里报告的是自己的版本 1.0.2-dev。
runc --root "$work/runc" create --bundle bundle "$id-new"
runc --root "$work/runc" state "$id-new" | jq -c '{ociVersion, status}'
