#!/usr/bin/env bash
# @title rootless（无根）模式：以 uid 65534 运行 runc，容器里的 root 在宿主机上是谁、能做什么、不能做什么
# @tools runc jq busybox setpriv
# @timeout 180
# 以 root 启动，但容器由 uid/gid 65534（nobody/nogroup）运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录（交给 uid 65534）、唯一的容器 ID 前缀，以及无论成败都会执行的清理（以同一用户、同一 --root 删除容器）
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in main pids; do
    setpriv --reuid=65534 --regid=65534 --clear-groups runc --root "$work/runc" delete -f "$id-$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
chown 65534:65534 "$work"
chmod 755 "$work"
cd "$work"

# 1. as_nobody 用 setpriv 把真实和有效 UID/GID 都换成 65534，并清掉附加组；下面以它开头的命令都以这个普通用户运行。
#    rootfs 和 rootless 版 config.json 由这个用户生成；默认版 config.json 由 root 生成，作对照。
as_nobody() {
  setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$work" XDG_RUNTIME_DIR="$work" "$@"
}
as_nobody id
as_nobody mkdir -p bundle/rootfs/bin bundle/rootfs/mnt default
as_nobody cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle default
as_nobody runc spec --rootless --bundle bundle

# 2. 对比两份 config.json：rootless 版去掉了 network 命名空间、加上了 user 命名空间；
#    uidMappings 和 gidMappings 各一条，把容器里的 0 映射到生成它的用户 65534，长度 1；linux.resources 整个删掉。
#    挂载：/sys 从新挂的 sysfs 改成以 rbind 绑定宿主机的 /sys；devpts 去掉了 gid=5（容器里只有 gid 0 有映射）。
for f in default bundle; do
  echo "== $f/config.json"
  jq -c '{namespaces: [.linux.namespaces[].type], uidMappings: .linux.uidMappings, gidMappings: .linux.gidMappings, resources: .linux.resources}' "$f/config.json"
  jq -c '.mounts[] | select(.destination == "/sys" or .destination == "/dev/pts") | {destination, type, source, options}' "$f/config.json"
done

# 3. 在宿主机上准备两样东西：一个只有 root 能读的文件，一个属于 65534 的目录，稍后都绑定挂载进容器。
#    再把能力集开到 setpriv 列出的全部 41 项（runc spec --rootless 仍只给默认的 3 项），好看清能力在这里管不到什么。
#    容器进程是 root，能力写进边界集、有效集和许可集就够了，不需要环境集。
printf '只有宿主机 root 能读\n' > root-only.txt
chmod 600 root-only.txt
as_nobody mkdir share
stat -c '%A %U:%G %n' root-only.txt share
caps="$(setpriv --list-caps | tr a-z A-Z | sed 's/^/CAP_/' | jq -R . | jq -cs .)"
echo "$caps" | jq length
jq --argjson caps "$caps" --arg work "$work" '.process.terminal = false | .root.readonly = false
  | .process.args = ["/bin/busybox", "sleep", "120"]
  | .process.capabilities = {bounding: $caps, effective: $caps, permitted: $caps}
  | .mounts += [
      {destination: "/root-only.txt", type: "none", source: "\($work)/root-only.txt", options: ["bind", "ro"]},
      {destination: "/share", type: "none", source: "\($work)/share", options: ["bind"]}
    ]' bundle/config.json > config.tmp
mv config.tmp bundle/config.json

# 4. 以 uid 65534 启动容器，状态目录（--root）也在这个用户可写的工作目录里。
#    容器里：id 说自己是 root；uid_map 和 gid_map 各一行，「容器 0、宿主机 65534、长度 1」。
as_nobody runc --root "$work/runc" run --detach --bundle bundle "$id-main"
pid="$(as_nobody runc --root "$work/runc" state "$id-main" | jq .pid)"
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox id
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox cat /proc/self/uid_map /proc/self/gid_map

# 5. 从宿主机看同一个进程：真实、有效、保存、文件系统四个 UID 和 GID 都是 65534，/proc 里的属主是 nobody。
#    它的用户命名空间是新建的；网络命名空间却和宿主机是同一个，因为 rootless 版 spec 没有新建它。
grep -E '^(Uid|Gid):' "/proc/$pid/status"
stat -c '进程属主：%u（%U）' "/proc/$pid"
for ns in user net; do
  if [ "$(readlink "/proc/$pid/ns/$ns")" = "$(readlink "/proc/self/ns/$ns")" ]; then
    echo "$ns：与宿主机同一个"
  else
    echo "$ns：容器自己的"
  fi
done

# 6. 能力全开，有效能力集是 41 位全 1；从宿主机读同一个进程的 CapEff 也是这个值，但这些能力只在它自己的用户命名空间里算数。
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox grep CapEff /proc/self/status
grep CapEff "/proc/$pid/status"

# 7. 属于这个用户命名空间的资源，容器里的 root 管得了：改主机名（UTS 命名空间是它新建的）、挂载 tmpfs。
#    内核在 /proc/mounts 里按宿主机的 ID 显示 tmpfs 的属主：uid=65534,gid=65534，正是容器里的 0。
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox hostname rootless-demo
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox hostname
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox mount -t tmpfs tmpfs /mnt
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox sh -c 'grep " /mnt " /proc/mounts'

# 8. 宿主机 root 的文件：属主 0 在容器里没有映射，显示为溢出 ID 65534；能力全开也读不了，权限被拒绝。
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox stat -c '%u:%g %A %n' /root-only.txt
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox cat /root-only.txt || echo "退出码：$?"

# 9. 把文件的属主改成容器里的 uid 1：映射里没有 1，内核返回 EINVAL（Invalid argument）。
#    创建设备节点：即使有 CAP_MKNOD，用户命名空间里的 mknod 也被拒绝（Operation not permitted）。
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox sh -c 'touch /f && chown 1:1 /f' || echo "退出码：$?"
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox mknod /dev/null2 c 1 3 || echo "退出码：$?"

# 10. 网络命名空间属于宿主机，不属于容器的用户命名空间：挂载 sysfs 被内核拒绝。busybox 的提示「are you root?」是它的通用说法，
#     这里的进程在容器里正是 root；
#     宿主机上低于 1024 的端口是特权端口，CAP_NET_BIND_SERVICE 在这里不算数，监听 80 端口被拒绝。
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox mount -t sysfs sysfs /mnt || echo "退出码：$?"
cat /proc/sys/net/ipv4/ip_unprivileged_port_start
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox nc -l -p 80 || echo "退出码：$?"

# 11. 威胁模型：容器里的 root 在绑定挂载的宿主机目录里写文件，容器里看属主是 0:0，宿主机上是 65534:65534（nobody）。
#     进程逃出容器，落地时也只是这个普通用户。
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox sh -c 'echo hi > /share/from-container'
as_nobody runc --root "$work/runc" exec "$id-main" /bin/busybox stat -c '容器里：%u:%g %n' /share/from-container
stat -c '宿主机上：%u:%g（%U:%G）%n' share/from-container

# 12. 控制组：录制本实验的机器用的是 cgroup v1（/sys/fs/cgroup 是 tmpfs，每个控制器一个层级），Debian 12 默认的 cgroup v2 上输出会不同。
#     层级目录都属于 root，没有委派给 65534。
#     runc 1.1.5 建不了容器自己的控制组，容器照样启动了，只是没有自己的 pids 控制组。
stat -fc %T /sys/fs/cgroup
stat -c '%U %A %n' /sys/fs/cgroup/pids
ls -d "/sys/fs/cgroup/pids/$id-main" || echo "退出码：$?"

# 13. 另建一个 bundle，加上 linux.resources.pids.limit：runc 1.1.5 不是忽略它，而是报错退出，容器没有运行。
#     第一行 oom kill count 的警告与此无关，是 cgroup v1 上没有内存控制组目录时的附带输出。
mkdir pids
jq '.root.path = "../bundle/rootfs" | .process.args = ["/bin/busybox", "true"]
  | .linux.resources = {pids: {limit: 8}}' bundle/config.json > pids/config.json
jq -c '.linux.resources' pids/config.json
as_nobody runc --root "$work/runc" run --bundle pids "$id-pids" || echo "退出码：$?"
