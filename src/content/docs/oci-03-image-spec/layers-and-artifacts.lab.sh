#!/usr/bin/env bash
# @title 镜像层、whiteout 与 diff_id，以及一个 image-spec v1.1.0 起的工件清单
# @tools umoci oci-image-tool jq
# @timeout 60
# 以 root 在本示例目录中运行（最后一步会与同目录的 sbom-artifact.image-manifest.json 比较）。
set -euo pipefail

# @setup 记下示例目录，建临时工作目录并注册清理，所有时间戳固定为 2024-01-01
here="$PWD"
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
T=2024-01-01T00:00:00Z
umoci init --layout image
umoci new --image image:demo
umoci unpack --image image:demo build >/dev/null

# 1. 第一层：加入 hello.txt 和 notes/old.txt。
mkdir build/rootfs/notes
echo hello > build/rootfs/hello.txt
echo "to be deleted" > build/rootfs/notes/old.txt
touch -h -d "$T" build/rootfs/hello.txt build/rootfs/notes/old.txt build/rootfs/notes build/rootfs
umoci repack --refresh-bundle --image image:demo --history.created "$T" --history.created_by 'add files' build

# 2. 第二层：删除 notes/old.txt。层是变更集，删除用 whiteout 文件 .wh.<名字> 表示。
rm build/rootfs/notes/old.txt
touch -h -d "$T" build/rootfs/notes
umoci repack --image image:demo --history.created "$T" --history.created_by 'remove old.txt' build
umoci config --image image:demo --created "$T" --history.created "$T" --architecture "$(dpkg --print-architecture)" --os linux
umoci gc --layout image

# 3. 清单按顺序列出两层；逐层看 tar 里的条目。
manifest="$(jq -r '.manifests[0].digest | sub(":"; "/")' image/index.json)"
jq -c '.layers[] | {mediaType, digest, size}' "image/blobs/$manifest"
for layer in $(jq -r '.layers[].digest | sub(":"; "/")' "image/blobs/$manifest"); do
  echo "== $layer"; tar -tzvf "image/blobs/$layer"
done

# 4. 清单里的 digest 是压缩后 blob 的摘要；配置里的 diff_id 是解压后 tar 的摘要。
config="$(jq -r '.config.digest | sub(":"; "/")' "image/blobs/$manifest")"
jq -r '.rootfs.diff_ids[]' "image/blobs/$config"
for layer in $(jq -r '.layers[].digest | sub(":"; "/")' "image/blobs/$manifest"); do
  echo "sha256:$(gzip -dc "image/blobs/$layer" | sha256sum | cut -d' ' -f1)"
done

# 5. 用 oci-image-tool 校验整个布局。注意版本：Debian 的 oci-image-tool 1.0.0~rc2+really.rc1
#    编译时用的是 image-spec 1.1.0-rc2 的 schema，它检查的是 rc2 的规则，不是 v1.1.1。
oci-image-tool validate --type image --ref name=demo image

# 6. image-spec v1.1.0 起的工件：config 用空描述符，artifactType 说明工件类型，subject 指向上面的镜像。
#    空描述符指向的内容就是两个字节 {}：它的摘要、大小和 Base 64（data 字段）都从这两个字节算出来。
printf '{}' | sha256sum
printf '{}' | wc -c
printf '{}' | base64

# 7. 工件本身：sbom.json 只是占位内容，不是完整、合法的 SPDX 2.3 文档；这里关心的是工件清单的结构。
#    最后与文章展示的 sbom-artifact.image-manifest.json 比较，不一致就失败。
printf '{"spdxVersion":"SPDX-2.3","name":"demo"}\n' > sbom.json
sha256sum sbom.json
stat -c %s sbom.json
jq -n --arg sbom "sha256:$(sha256sum sbom.json | cut -d' ' -f1)" --argjson size "$(stat -c %s sbom.json)" \
  --arg empty "sha256:$(printf '{}' | sha256sum | cut -d' ' -f1)" --argjson emptySize "$(printf '{}' | wc -c)" --arg emptyData "$(printf '{}' | base64)" \
  --arg subject "$(jq -r '.manifests[0].digest' image/index.json)" --argjson subjectSize "$(jq '.manifests[0].size' image/index.json)" '{
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/spdx+json",
  config: {mediaType: "application/vnd.oci.empty.v1+json", digest: $empty, size: $emptySize, data: $emptyData},
  layers: [{mediaType: "application/spdx+json", digest: $sbom, size: $size}],
  subject: {mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $subject, size: $subjectSize}
}' > artifact.json
diff <(jq -S . "$here/sbom-artifact.image-manifest.json") <(jq -S . artifact.json)
echo "与 sbom-artifact.image-manifest.json 一致"
