#!/usr/bin/env bash
# @title 同一层的两种压缩：gzip 与 zstd 的层摘要和大小不同，DiffID 相同
# @tools umoci skopeo zstd jq
# @timeout 90
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录和清理；所有时间戳固定为 2024-01-01
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
T=2024-01-01T00:00:00Z

# 1. 用 umoci 建一个单层镜像（umoci 0.4.7 只会写 gzip 层），层里是一个 1.3 MB 的文本日志。
umoci init --layout image
umoci new --image image:gzip
umoci unpack --image image:gzip build >/dev/null
seq -f 'line %g: GET /index.html 200' 1 40000 > build/rootfs/access.log
wc -c < build/rootfs/access.log
find build/rootfs -exec touch -h -d "$T" {} +
umoci repack --refresh-bundle --image image:gzip --history.created "$T" --history.created_by 'COPY access.log /' build
umoci config --image image:gzip --created "$T" --architecture amd64 --os linux --no-history
umoci gc --layout image

# 2. skopeo 复制时重新压缩：--dest-compress-format zstd 写出 tar+zstd 层。
#    复制到一个新布局：skopeo 1.9.3 发现目标布局里已有同一层（哪怕是 gzip 的）时会直接复用，不再重新压缩。
skopeo copy -q --dest-compress-format zstd oci:image:gzip oci:zstd:1.0

# 3. 两个清单里的层：媒体类型、摘要、大小都不同；配置的摘要却一样，因为配置里记的是 DiffID。
for ref in image:gzip zstd:1.0; do
  skopeo inspect --raw "oci:$ref" | jq -c --arg ref "$ref" '{ref: $ref, config: .config.digest[7:19], layer: .layers[0].mediaType, digest: .layers[0].digest[7:19], size: .layers[0].size}'
done

# 4. 解压后再算摘要：两种压缩还原出的是同一个 tar，摘要等于配置里 rootfs.diff_ids 的值。
blob() { skopeo inspect --raw "oci:$1:$2" | jq -r --arg dir "$1" '$dir + "/blobs/sha256/" + .layers[0].digest[7:]'; }
gzip -dc "$(blob image gzip)" | sha256sum
zstd -dc "$(blob zstd 1.0)" | sha256sum
skopeo inspect --config oci:zstd:1.0 | jq -r '.rootfs.diff_ids[]'

# 5. 层变了，引用层的清单也就变了：两个布局的 index.json 指向不同的清单摘要，镜像有了新的摘要。
jq -r '.manifests[0].digest' image/index.json zstd/index.json
