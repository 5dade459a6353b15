#!/usr/bin/env bash
# @title 安全配置：能力、noNewPrivileges、seccomp、sysctl、屏蔽路径与只读路径
# @tools runc jq busybox
# @timeout 60
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id-sysctl" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. runc spec 的默认进程安全设置：三项能力、noNewPrivileges 为 true、一条 rlimit，没有 seccomp。
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle
jq -c '.process.capabilities.bounding' bundle/config.json
jq -c '{noNewPrivileges: .process.noNewPrivileges, rlimits: .process.rlimits, seccomp: .linux.seccomp}' bundle/config.json

# 2. 加上一个 seccomp 过滤器（默认放行，mkdir 和 mkdirat 返回错误码 38，即 ENOSYS）和一个网络命名空间内的 sysctl。
jq '.process.terminal = false | .process.args = ["/bin/busybox", "sleep", "60"] | .root.readonly = false
  | .linux.seccomp = {
      "defaultAction": "SCMP_ACT_ALLOW",
      "architectures": ["SCMP_ARCH_X86_64"],
      "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]
    }
  | .linux.sysctl = {"net.ipv4.ip_unprivileged_port_start": "80"}' bundle/config.json > config.tmp
mv config.tmp bundle/config.json
runc --root "$work/runc" run --detach --bundle bundle "$id"

# 3. 内核看到的结果：可继承集和 ambient 集为空，有效能力集的位图是三项能力，no_new_privs 已置位，seccomp 处于过滤模式（2）。
runc --root "$work/runc" exec "$id" /bin/busybox grep -E '^(CapInh|CapEff|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status

# 4. seccomp 让 mkdir 直接返回 ENOSYS；没有 CAP_SYS_ADMIN，改主机名被内核拒绝。
runc --root "$work/runc" exec "$id" /bin/busybox mkdir /new-dir || echo "退出码：$?"
runc --root "$work/runc" exec "$id" /bin/busybox hostname changed || echo "退出码：$?"

# 5. sysctl 写进了容器自己的网络命名空间；rlimit 限制了可打开的文件数。
runc --root "$work/runc" exec "$id" /bin/busybox cat /proc/sys/net/ipv4/ip_unprivileged_port_start
runc --root "$work/runc" exec "$id" /bin/busybox sh -c 'ulimit -n'

# 6. 屏蔽路径：/proc/keys 被 /dev/null 盖住，读出 0 字节；/sys/firmware 被空的只读 tmpfs 盖住。
#    只读路径：/proc/sys 下的文件不能写。
runc --root "$work/runc" exec "$id" /bin/busybox wc -c /proc/keys
runc --root "$work/runc" exec "$id" /bin/busybox sh -c 'ls -A /sys/firmware | wc -l'
runc --root "$work/runc" exec "$id" /bin/busybox sh -c 'echo 1 > /proc/sys/kernel/hostname' || echo "退出码：$?"

# 7. runc exec 可以给新进程额外的能力（--cap），这是 runc 的命令行功能，不是规范定义的操作。
runc --root "$work/runc" exec --cap CAP_SYS_ADMIN "$id" /bin/busybox hostname changed
runc --root "$work/runc" exec "$id" /bin/busybox hostname

# 8. 规范没有限制 sysctl 的键；runc 自己检查它是否属于容器独有的命名空间，vm.swappiness 是全局的，被拒绝。
mkdir sysctl
jq '.root.path = "../bundle/rootfs" | del(.linux.seccomp)
  | .process.args = ["/bin/busybox", "true"]
  | .linux.sysctl = {"vm.swappiness": "10"}' bundle/config.json > sysctl/config.json
runc --root "$work/runc" run --bundle sysctl "$id-sysctl" || echo "退出码：$?"
