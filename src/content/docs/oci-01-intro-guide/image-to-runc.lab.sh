#!/usr/bin/env bash
# @title 从镜像布局到 runc 容器：umoci 构建镜像、解包成 bundle、runc 运行
# @tools umoci runc jq busybox oci-image-tool
# @timeout 90
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

# 1. 创建一个空的 OCI 镜像布局（image layout），再建一个空镜像，标签为 hello。
umoci init --layout image
umoci new --image image:hello
cat image/oci-layout
ls image

# 2. 把空镜像解包成一个工作用的 bundle，往它的 rootfs 里放一个静态链接的 busybox。
#    时间戳固定下来，这样每次构建出的层和摘要都一样。
umoci unpack --image image:hello build >/dev/null
mkdir build/rootfs/bin
cp /bin/busybox build/rootfs/bin/busybox
touch -h -d 2024-01-01T00:00:00Z build/rootfs/bin/busybox build/rootfs/bin build/rootfs
stat -c '%A %s %n' build/rootfs/bin/busybox

# 3. repack 把 rootfs 的变化打成一层，再设置镜像配置里的默认命令，最后清掉不再引用的 blob。
umoci repack --image image:hello \
  --history.created 2024-01-01T00:00:00Z --history.created_by 'umoci repack' build
umoci config --image image:hello \
  --created 2024-01-01T00:00:00Z --history.created 2024-01-01T00:00:00Z \
  --architecture "$(dpkg --print-architecture)" --os linux \
  --config.cmd /bin/busybox --config.cmd echo --config.cmd 'hello from an OCI bundle'
umoci gc --layout image

# 4. 顺着 index.json → 镜像清单 → 镜像配置，看看布局里的对象。
jq . image/index.json
manifest="$(jq -r '.manifests[0].digest | sub(":"; "/")' image/index.json)"
jq . "image/blobs/$manifest"
config="$(jq -r '.config.digest | sub(":"; "/")' "image/blobs/$manifest")"
jq -c '{architecture, os, config, rootfs}' "image/blobs/$config"

# 5. 内容寻址：blobs/sha256/ 下每个文件的名字就是它内容的 SHA-256 摘要。
#    层是 gzip 压缩的 tar；解压后的 SHA-256 才是镜像配置 rootfs.diff_ids 里的值。
(cd image/blobs/sha256 && sha256sum *)
layer="$(jq -r '.layers[0].digest | sub(":"; "/")' "image/blobs/$manifest")"
gzip -dc "image/blobs/$layer" | sha256sum
tar -tvzf "image/blobs/$layer"

# 6. 用 oci-image-tool 校验这个布局。注意版本：Debian 的 oci-image-tool 1.0.0~rc2+really.rc1
#    编译时用的是 image-spec 1.1.0-rc2 的 schema，它检查的是 rc2 的规则，不是 v1.1.1。
oci-image-tool validate --type image --ref name=hello image

# 7. 把镜像解包成运行时 bundle：rootfs/ 加上 config.json（umoci 0.4.7 按镜像配置生成）。
umoci unpack --image image:hello bundle >/dev/null
ls bundle
jq -c '{ociVersion, process: {terminal: .process.terminal, args: .process.args}, root}' bundle/config.json

# 8. umoci 0.4.7 生成的配置要求终端；这里没有终端，改成 false，然后用 runc 运行。
jq '.process.terminal = false' bundle/config.json > config.tmp && mv config.tmp bundle/config.json
runc --root "$work/runc" run --bundle bundle "$id"

# 9. 生命周期：create 之后容器处于 created 状态，进程已就位但用户程序尚未启动。
#    runc state 输出完整的状态：ociVersion、id、status、pid、bundle、annotations 是规范定义的字段，
#    rootfs、created、owner 是 runc 1.1.5 自己加的。测试按 runtime-state 的 schema 校验这段输出。
jq '.process.args = ["/bin/busybox", "sleep", "30"]' bundle/config.json > config.tmp && mv config.tmp bundle/config.json
runc --root "$work/runc" create --bundle bundle "$id"
# @oci runtime-state
runc --root "$work/runc" state "$id"

# 10. start 之后变为 running；kill 之后变为 stopped；最后 delete。
runc --root "$work/runc" start "$id"
runc --root "$work/runc" state "$id" | jq -r .status
runc --root "$work/runc" kill "$id" KILL
until [ "$(runc --root "$work/runc" state "$id" | jq -r .status)" = stopped ]; do sleep 0.1; done
runc --root "$work/runc" state "$id" | jq -r .status
runc --root "$work/runc" delete "$id"
runc --root "$work/runc" list
