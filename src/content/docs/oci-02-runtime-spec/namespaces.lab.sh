#!/usr/bin/env bash
# @title 命名空间：按 path 加入另一个容器的命名空间，以及用户命名空间的 ID 映射
# @tools runc jq busybox
# @timeout 60
# @mask ^( +)\d+ /bin/busybox ps -o pid,args$ => $1<pid> /bin/busybox ps -o pid,args
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID 前缀，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in sandbox app userns; do
    runc --root "$work/runc" delete -f "$id-$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 三个容器共用一个 rootfs（只有静态 busybox），每个容器一个 bundle 目录，root.path 指回 ../rootfs。
mkdir -p rootfs/bin
cp /bin/busybox rootfs/bin/busybox
for name in sandbox app userns; do
  mkdir "$name"
  runc spec --bundle "$name"
done

# 2. 第一个容器扮演 Pod 的「沙箱」：只跑 sleep，主机名设为 pod-demo。
jq '.root.path = "../rootfs" | .process.terminal = false
  | .process.args = ["/bin/busybox", "sleep", "60"]
  | .hostname = "pod-demo"' sandbox/config.json > config.tmp
mv config.tmp sandbox/config.json
runc --root "$work/runc" run --detach --bundle sandbox "$id-sandbox"
sandbox_pid="$(runc --root "$work/runc" state "$id-sandbox" | jq .pid)"

# 3. 第二个容器的 network、uts、ipc 三项写上 path，指向沙箱进程的命名空间文件；pid 和 mount 不写 path，新建。
#    加入沙箱的 UTS 命名空间时删掉 hostname：runc 不会拒绝它，而是照设，连沙箱的主机名一起改掉。
jq --arg ns "/proc/$sandbox_pid/ns" '.root.path = "../rootfs" | .process.terminal = false
  | .process.args = ["/bin/busybox", "sleep", "60"]
  | del(.hostname)
  | .linux.namespaces = [
      {"type": "pid"}, {"type": "mount"},
      {"type": "network", "path": "\($ns)/net"},
      {"type": "uts", "path": "\($ns)/uts"},
      {"type": "ipc", "path": "\($ns)/ipc"}
    ]' app/config.json > config.tmp
mv config.tmp app/config.json
jq -c '.linux.namespaces[]' app/config.json | sed "s|/proc/$sandbox_pid/|/proc/<沙箱 PID>/|"
runc --root "$work/runc" run --detach --bundle app "$id-app"
app_pid="$(runc --root "$work/runc" state "$id-app" | jq .pid)"

# 4. 在宿主机上比较两个容器进程的命名空间：给了 path 的三种相同，新建的两种不同。
for ns in net uts ipc pid mnt; do
  if [ "$(readlink "/proc/$sandbox_pid/ns/$ns")" = "$(readlink "/proc/$app_pid/ns/$ns")" ]; then
    echo "$ns: 同一个"
  else
    echo "$ns: 各自一个"
  fi
done

# 5. 在第二个容器里看：主机名是沙箱的；PID 命名空间是自己的，只看得见自己的进程。
runc --root "$work/runc" exec "$id-app" /bin/busybox hostname
runc --root "$work/runc" exec "$id-app" /bin/busybox ps -o pid,args

# 6. 第三个容器加一个 user 命名空间，把容器里的 0–65535 映射到宿主机的 100000–165535。
#    rootfs 改为可写，好演示写入；容器里的「root」在宿主机上是 100000，要能进入工作目录才能找到 rootfs。
chmod 755 "$work"
jq '.root.path = "../rootfs" | .root.readonly = false | .process.terminal = false
  | .process.args = ["/bin/busybox", "sleep", "60"]
  | .linux.namespaces += [{"type": "user"}]
  | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
  | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]' userns/config.json > config.tmp
mv config.tmp userns/config.json
runc --root "$work/runc" run --detach --bundle userns "$id-userns"
userns_pid="$(runc --root "$work/runc" state "$id-userns" | jq .pid)"

# 7. 容器里：进程是 uid 0，映射表和配置一致；rootfs 里的文件属于宿主机 root，没有映射，显示为溢出 ID 65534。
runc --root "$work/runc" exec "$id-userns" /bin/busybox id
runc --root "$work/runc" exec "$id-userns" /bin/busybox cat /proc/self/uid_map
runc --root "$work/runc" exec "$id-userns" /bin/busybox stat -c '%u:%g %n' /bin/busybox

# 8. 所以容器里的 root 改不了这些文件；从宿主机看，这个进程的属主是 uid 100000，不是 root。
runc --root "$work/runc" exec "$id-userns" /bin/busybox touch /bin/new-file || echo "退出码：$?"
stat -c '宿主机上看到的进程属主：%u' "/proc/$userns_pid"
