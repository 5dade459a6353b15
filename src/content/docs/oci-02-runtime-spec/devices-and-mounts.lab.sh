#!/usr/bin/env bash
# @title 设备与挂载：设备节点与控制组设备白名单的分工、bind 挂载、挂载顺序和默认设备
# @tools runc jq busybox
# @timeout 60
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id-allowed" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id-idmap" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 宿主机上准备一个要共享给容器的目录，里面有一个文件。
mkdir shared
echo "来自宿主机的文件" > shared/hello.txt

# 2. 在 runc spec 的默认挂载之后追加两项：先把 shared 只读 bind 挂到 /data，再在 /data/cache 上挂一个 1 MiB 的 tmpfs。
#    再在 linux.devices 里要一个设备节点 /dev/fuse（字符设备 10:229，fileMode 438 即八进制 0666）。
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle
jq --arg src "$work/shared" '.process.terminal = false | .process.args = ["/bin/busybox", "sleep", "60"]
  | .mounts += [
      {"destination": "/data", "type": "bind", "source": $src, "options": ["rbind", "ro"]},
      {"destination": "/data/cache", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m", "noexec"]}
    ]
  | .linux.devices = [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0}]' bundle/config.json > config.tmp
mv config.tmp bundle/config.json
jq -c '.mounts[] | {destination, type, options}' bundle/config.json

# 3. 第一次运行失败：/data 已经以只读方式挂好，runc 没法在它下面创建挂载点 cache。
runc --root "$work/runc" run --detach --bundle bundle "$id" || echo "退出码：$?"

# 4. 在宿主机的源目录里建好 cache，挂载点就已存在，再运行就成功了。
mkdir shared/cache
runc --root "$work/runc" run --detach --bundle bundle "$id"

# 5. /data 能读不能写；它下面的 /data/cache 是后挂上的 tmpfs，可以写。两者在挂载表里的顺序与配置相同。
runc --root "$work/runc" exec "$id" /bin/busybox cat /data/hello.txt
runc --root "$work/runc" exec "$id" /bin/busybox sh -c 'echo x > /data/new.txt' || echo "退出码：$?"
runc --root "$work/runc" exec "$id" /bin/busybox sh -c 'echo 写入成功 > /data/cache/note && cat /data/cache/note'
runc --root "$work/runc" exec "$id" /bin/busybox awk '$5 ~ /^\/data/ {print $5, $6}' /proc/self/mountinfo

# 6. /dev 是 runc spec 配置的 tmpfs，里面的默认设备和符号链接由 runc 创建，fuse 是 linux.devices 要求的那个。
runc --root "$work/runc" exec "$id" /bin/busybox ls /dev
runc --root "$work/runc" exec "$id" /bin/busybox stat -c '%A %n' /dev/fuse

# 7. 节点存在，却打不开：runc spec 的控制组设备白名单第一条是「全部拒绝」，而 10:229 不在 runc 默认放行的设备里。
runc --root "$work/runc" exec "$id" /bin/busybox sh -c ': < /dev/fuse' || echo "退出码：$?"
jq -c '.linux.resources.devices' bundle/config.json

# 8. 换一个容器，在白名单末尾加一条放行 c 10:229 读写的规则，同样的节点就能打开了。
mkdir allowed
jq '.root.path = "../bundle/rootfs" | .process.args = ["/bin/busybox", "sh", "-c", ": < /dev/fuse && echo 可以打开 /dev/fuse"]
  | .linux.resources.devices += [{"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rw"}]' bundle/config.json > allowed/config.json
jq -c '.linux.resources.devices' allowed/config.json
runc --root "$work/runc" run --bundle allowed "$id-allowed"

# 9. ID 映射挂载：换一个有用户命名空间（0 → 100000）的容器，/data 按 v1.2.0 的写法加上 idmap 选项和挂载的映射。
#    支持它的运行时会让 hello.txt 在容器里属于 0；runc 1.1.5 不认识这些字段，挂载照常成功，文件却显示为溢出 ID 65534。
mkdir idmap
chmod 755 "$work"
jq --arg src "$work/shared" '.root.path = "../bundle/rootfs" | .process.args = ["/bin/busybox", "stat", "-c", "%u:%g %n", "/data/hello.txt"]
  | del(.linux.devices)
  | .mounts = [.mounts[] | select(.destination | startswith("/data") | not)]
  | .mounts += [{"destination": "/data", "type": "bind", "source": $src, "options": ["rbind", "ro", "idmap"],
      "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
      "gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}]}]
  | .linux.namespaces += [{"type": "user"}]
  | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
  | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]' bundle/config.json > idmap/config.json
runc --root "$work/runc" run --bundle idmap "$id-idmap"
