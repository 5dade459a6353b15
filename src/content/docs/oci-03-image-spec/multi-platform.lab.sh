#!/usr/bin/env bash
# @title 多平台镜像索引：把 amd64 和 arm64 两个镜像组合成一个索引，再看 skopeo 怎样按平台挑选
# @tools umoci skopeo oci-image-tool jq
# @timeout 90
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录和清理；所有时间戳固定为 2024-01-01
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
T=2024-01-01T00:00:00Z

# 1. 在同一个布局里建两个单层镜像，配置分别声明 amd64 和 arm64。
#    层里只有一个文本文件，写明它「为哪个平台构建」；真实镜像里这里是各自架构的二进制。
umoci init --layout image
for arch in amd64 arm64; do
  umoci new --image "image:$arch"
  umoci unpack --image "image:$arch" "build-$arch" >/dev/null
  echo "built for linux/$arch" > "build-$arch/rootfs/platform.txt"
  find "build-$arch/rootfs" -exec touch -h -d "$T" {} +
  umoci repack --refresh-bundle --image "image:$arch" --history.created "$T" --history.created_by 'COPY platform.txt /' "build-$arch"
  umoci config --image "image:$arch" --created "$T" --architecture "$arch" --os linux --no-history
done
umoci gc --layout image
jq -c '.manifests[]' image/index.json

# 2. 写镜像索引：每个条目是指向镜像清单的描述符，加上 platform。arm64 按规范的变体表写上 v8。
#    索引本身也是一个 blob，以自己的摘要命名。
jq '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
     manifests: [.manifests[] | {mediaType, digest, size,
       platform: ({architecture: .annotations["org.opencontainers.image.ref.name"], os: "linux"}
                  + if .annotations["org.opencontainers.image.ref.name"] == "arm64" then {variant: "v8"} else {} end)}]}' \
  image/index.json > index.tmp
digest="sha256:$(sha256sum index.tmp | cut -d' ' -f1)"
mv index.tmp "image/blobs/sha256/${digest#sha256:}"
# @oci image-index
jq . "image/blobs/sha256/${digest#sha256:}"

# 3. 让 index.json 只指向这个索引，引用名 1.0：index.json → 镜像索引 → 两个镜像清单。
jq -n --arg digest "$digest" --argjson size "$(stat -c %s "image/blobs/sha256/${digest#sha256:}")" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $digest, size: $size,
               annotations: {"org.opencontainers.image.ref.name": "1.0"}}]}' > image/index.json
skopeo inspect --raw oci:image:1.0 | jq -c '.manifests[] | {platform, digest: .digest[7:19]}'

# 4. 按平台挑选：skopeo 默认挑与本机相同的平台；--override-arch/--override-os 模拟别的机器。
#    复制出的只是被选中的那个清单和它的 blob；看层里的文件就知道选中了谁。
for arch in amd64 arm64; do
  skopeo copy -q --override-os linux --override-arch "$arch" oci:image:1.0 "oci:$arch-only:1.0"
  layer="$(skopeo inspect --raw "oci:$arch-only:1.0" | jq -r '.layers[0].digest[7:]')"
  tar -xzOf "$arch-only/blobs/sha256/$layer" platform.txt
done

# 5. 索引里没有的平台：skopeo 报错，什么也不复制。
skopeo copy -q --override-os linux --override-arch s390x oci:image:1.0 oci:s390x-only:1.0 || echo "退出码 $?"

# 6. --all 复制整个索引和它引用的全部清单与 blob，目标的引用名指向的仍是同一个索引摘要。
skopeo copy -q --all oci:image:1.0 oci:all:1.0
jq -r '.manifests[0].digest' image/index.json all/index.json
find all/blobs -type f | wc -l
oci-image-tool validate --type image --ref name=1.0 all || echo "退出码 $?"

# 7. umoci 0.4.7 不做平台选择：引用名指向一个有两项的索引时，它不知道该解包哪一个；
#    先用 skopeo 取出单个平台的镜像（第 4 步的 amd64-only），再交给它解包。
umoci unpack --image image:1.0 bundle || echo "退出码 $?"
umoci unpack --image amd64-only:1.0 bundle >/dev/null
cat bundle/rootfs/platform.txt
