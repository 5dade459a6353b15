#!/usr/bin/env bash
# @title whiteout 与不透明 whiteout：umoci 生成的删除记录、手工打包的不透明 whiteout，以及两个工具解包结果的差别
# @tools umoci oci-image-tool jq
# @timeout 60
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录和清理；所有时间戳固定为 2024-01-01
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
T=2024-01-01T00:00:00Z

# 1. 基础层：仿照 layer.md 的例子，放几个文件和目录。
umoci init --layout image
umoci new --image image:demo
umoci unpack --image image:demo build >/dev/null
cd build/rootfs
mkdir -p a/b/c b c
echo 1 > file1; echo 2 > a/file2; echo keep > a/keep.txt; echo bar > a/b/c/bar; echo x > b/x; echo 3 > c/file3
find . -exec touch -h -d "$T" {} +
cd "$work"
umoci repack --refresh-bundle --image image:demo --history.created "$T" --history.created_by 'base' build

# 2. 第二层：删掉 file1、a/file2 和整个 b/，再加一个 file4。umoci 把每个删除写成一个 .wh.<名字> 文件。
rm -r build/rootfs/file1 build/rootfs/a/file2 build/rootfs/b
echo 4 > build/rootfs/file4
find build/rootfs -exec touch -h -d "$T" {} +
umoci repack --refresh-bundle --image image:demo --history.created "$T" --history.created_by 'delete' build
manifest="$(jq -r '.manifests[0].digest' image/index.json)"
layer="$(jq -r '.layers[1].digest' "image/blobs/sha256/${manifest#sha256:}")"
tar -tzvf "image/blobs/sha256/${layer#sha256:}"

# 3. 第三层手工打包（umoci repack 只生成逐个的 whiteout）：a/.wh..wh..opq 是不透明 whiteout，
#    它让下层 a/ 里的一切都看不见，再重新建 a/b/c/foo。它故意排在最后：不管在 tar 里的位置，都要先生效。
#    同一层里还有 d/x 和 d/.wh.x：whiteout 只作用于下层，所以同层的 d/x 应当保留。
mkdir -p layer3/a/b/c layer3/d
echo foo > layer3/a/b/c/foo; : > layer3/a/.wh..wh..opq
echo x > layer3/d/x; : > layer3/d/.wh.x
find layer3 -exec touch -h -d "$T" {} +
tar --no-recursion --owner=0 --group=0 --numeric-owner -C layer3 -cf layer3.tar \
  a a/b a/b/c a/b/c/foo a/.wh..wh..opq d d/x d/.wh.x
tar -tvf layer3.tar
umoci raw add-layer --image image:demo --history.created "$T" --history.created_by 'opaque a/, d/x' layer3.tar

# 4. 用 umoci 0.4.7 解包：whiteout 文件本身不留下；a/ 下只剩新建的 foo，keep.txt 和 bar 都被不透明 whiteout 隐藏；d/x 保留。
umoci unpack --image image:demo bundle >/dev/null
(cd bundle/rootfs && find . -mindepth 1 | sort)

# 5. 同一个镜像，用 oci-image-tool 1.0.0-rc1 解包，结果不同：它不认识不透明 whiteout（a/keep.txt 和 a/b/c/bar 还在），
#    又把同层的 d/.wh.x 用在了 d/x 上。规范要求实现两种 whiteout 都必须接受；这是该工具的缺陷，不是规范的行为。
oci-image-tool unpack --ref name=demo image rootfs2
(cd rootfs2 && find . -mindepth 1 | sort)
