#!/usr/bin/env bash
# @title 控制组资源限制：进程数、内存和 CPU 的上限如何生效，以及用 runc update 在运行中修改
# @tools runc jq busybox
# @timeout 90
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id-fork" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 在 linux.resources 里写三组限制：最多 8 个进程，内存 16 MiB，CPU 每 100 ms 最多用 20 ms（即 0.2 个 CPU）。
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle
jq '.process.terminal = false | .process.args = ["/bin/busybox", "sleep", "120"]
  | .linux.resources.pids = {"limit": 8}
  | .linux.resources.memory = {"limit": 16777216}
  | .linux.resources.cpu = {"quota": 20000, "period": 100000}' bundle/config.json > config.tmp
mv config.tmp bundle/config.json
jq -c '.linux.resources' bundle/config.json
runc --root "$work/runc" run --detach --bundle bundle "$id"

# 2. 进程数：另建一个只演示 fork 的容器，1 号进程是一个不断启动后台进程的 shell。
#    shell 自己加 7 个 sleep 正好 8 个进程，第 8 次 fork 会失败，shell 退出，runc run 随之结束并删除这个容器。
#    shell 的 stderr 丢掉：它报告 fork 失败的那一行与 stdout 的输出谁先谁后并不固定。
mkdir fork
jq '.root.path = "../bundle/rootfs"
  | .process.args = ["/bin/busybox", "sh", "-c", "exec 2>/dev/null; i=0; while [ $i -lt 10 ]; do /bin/busybox sleep 30 & i=$((i + 1)); echo \"已启动 $i 个\"; done"]' bundle/config.json > fork/config.json
runc --root "$work/runc" run --bundle fork "$id-fork" || echo "退出码：$?"

# 3. 内存：让 shell 把 32 MiB 读进一个变量（匿名内存，记在容器的控制组上），超过 16 MiB 的上限，内核的 OOM killer 杀掉它。
#    退出码 137 是 128 + 9，即被 SIGKILL 杀死；控制组记下的用量峰值正好顶到上限。
#    shell 的 stderr 丢掉：OOM killer 有时先杀掉管道里的进程，shell 会多打印一行 Killed，这行时有时无。
runc --root "$work/runc" exec "$id" /bin/busybox sh -c 'exec 2>/dev/null; data="$(/bin/busybox head -c 33554432 /dev/zero | /bin/busybox tr "\0" x)"; echo "读完了"' || echo "退出码：$?"
runc --root "$work/runc" events --stats "$id" | jq -c '{limit: .data.memory.usage.limit, maxUsage: .data.memory.usage.max}'

# 4. CPU：一个空转的循环，1 秒后被 timeout 用 SIGTERM 结束（退出码 143 = 128 + 15）。
#    这 1 秒里配额一再用完，进程被限流（throttled），内核记下了被限流的周期数。
runc --root "$work/runc" exec "$id" /bin/busybox timeout 1 /bin/busybox sh -c 'while :; do :; done' || echo "退出码：$?"
runc --root "$work/runc" events --stats "$id" | jq -c '{throttled: (.data.cpu.throttling.throttledPeriods > 0)}'

# 5. runc events --stats 读出内核里的限制值：与 config.json 中写的一致。
runc --root "$work/runc" events --stats "$id" | jq -c '{memoryLimit: .data.memory.usage.limit, pidsLimit: .data.pids.limit}'

# 6. runc update 是 runc 自己的命令（规范没有定义「更新」操作）：直接改正在运行的容器的控制组。
runc --root "$work/runc" update --memory 33554432 --pids-limit 16 "$id"
runc --root "$work/runc" events --stats "$id" | jq -c '{memoryLimit: .data.memory.usage.limit, pidsLimit: .data.pids.limit}'

# 7. 改的只是控制组，bundle 里的 config.json 没有变：规范规定创建之后再改 config.json 不影响容器，反过来也一样。
jq -c '.linux.resources | {pids, memory}' bundle/config.json
