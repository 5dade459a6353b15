#!/usr/bin/env bash
# @title 容器是一个受限的进程：用 runc 运行一个容器，从宿主机和容器内部分别观察命名空间与控制组
# @tools runc jq busybox
# @timeout 60
# @mask ^( +)\d+ 0( +)/bin/busybox ps$ => $1<pid> 0$2/bin/busybox ps
# @mask ^容器进程在宿主机上的 PID：\d+$ => 容器进程在宿主机上的 PID：<pid>
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 准备 bundle：rootfs 里只有一个静态链接的 busybox，config.json 由 runc spec 生成。
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle

# 2. 改四个字段：进程改为 sleep，不要终端，再加上内存（64 MiB）和进程数（32）两项资源限制。
jq '.process.args = ["/bin/busybox", "sleep", "30"]
  | .process.terminal = false
  | .linux.resources.memory = {"limit": 67108864}
  | .linux.resources.pids = {"limit": 32}' bundle/config.json > config.tmp
mv config.tmp bundle/config.json
jq -c '[.linux.namespaces[].type]' bundle/config.json

# 3. 创建并启动容器。runc state 给出容器进程在宿主机上的 PID。
runc --root "$work/runc" create --bundle bundle "$id"
runc --root "$work/runc" start "$id"
pid="$(runc --root "$work/runc" state "$id" | jq .pid)"
echo "容器进程在宿主机上的 PID：$pid"

# 4. 从宿主机看，容器只是一个普通进程：有 PID，有命令行。
cat "/proc/$pid/comm"
xargs -0 echo < "/proc/$pid/cmdline"

# 5. 逐一比较容器进程和当前 shell 所在的命名空间：config.json 列出的五种是新建的，其余与宿主机共享。
for ns in cgroup ipc mnt net pid time user uts; do
  if [ "$(readlink "/proc/$pid/ns/$ns")" = "$(readlink "/proc/self/ns/$ns")" ]; then
    echo "$ns: 与宿主机共享"
  else
    echo "$ns: 容器独有"
  fi
done

# 6. 进入容器看：在新的 PID 命名空间里，sleep 是 1 号进程；主机名是 runc spec 写入的 runc；
#    根目录是 bundle 里的 rootfs，只有 bin，加上 runc 按 config.json 挂载的 dev、proc、sys。
runc --root "$work/runc" exec "$id" /bin/busybox ps
runc --root "$work/runc" exec "$id" /bin/busybox hostname
runc --root "$work/runc" exec "$id" /bin/busybox ls /

# 7. 控制组（cgroup）给这个进程设了上限：runc events --stats 读出内核记账的限制和当前进程数。
runc --root "$work/runc" events --stats "$id" | jq -c '{memoryLimit: .data.memory.usage.limit, pids: .data.pids}'

# 8. 结束进程，容器变为 stopped；删除后，runc 为它建的命名空间和控制组随之消失。
runc --root "$work/runc" kill "$id" KILL
until [ "$(runc --root "$work/runc" state "$id" | jq -r .status)" = stopped ]; do sleep 0.1; done
runc --root "$work/runc" delete "$id"
runc --root "$work/runc" list
