#!/usr/bin/env bash
# @title 工件：给镜像挂一份 SBOM 和一条不含文件的审核记录，在镜像布局里找出它们，再看新旧工具的反应
# @tools umoci skopeo oci-image-tool jq
# @timeout 60
# 以 root 在本示例目录中运行（第 4 步会与同目录的 sbom-artifact.image-manifest.json 比较）。
set -euo pipefail

# @setup 记下示例目录，建临时工作目录并注册清理；所有时间戳固定为 2024-01-01
here="$PWD"
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
T=2024-01-01T00:00:00Z

# 1. 先做一个普通的单层镜像 1.0，记下它的清单描述符：工件的 subject 要指向它。
umoci init --layout image
umoci new --image image:1.0
umoci unpack --image image:1.0 build >/dev/null
echo 'hello, OCI' > build/rootfs/hello.txt
find build/rootfs -exec touch -h -d "$T" {} +
umoci repack --refresh-bundle --image image:1.0 --history.created "$T" --history.created_by 'COPY hello.txt /' build
umoci config --image image:1.0 --created "$T" --architecture amd64 --os linux --no-history
umoci gc --layout image
subject="$(jq -c '.manifests[0] | {mediaType, digest, size}' image/index.json)"
echo "$subject"

# 2. 把一个文件放进 blobs/ 的办法：算摘要，以摘要命名。空描述符指向的就是两个字节 {}：
#    它的摘要、大小和 data 字段（Base64）都由这两个字节算出。
put() { local d; d="$(sha256sum "$1" | cut -d' ' -f1)"; cp "$1" "image/blobs/sha256/$d"; echo "sha256:$d"; }
printf '{}' > empty.json
put empty.json
stat -c %s empty.json
base64 < empty.json

# 3. SBOM 工件：config 用空描述符，artifactType 说明工件类型，唯一的层就是 SBOM 文件，subject 指向镜像 1.0。
#    sbom.json 只是示意内容，不是完整、合法的 SPDX 2.3 文档；这里关心的是工件清单的结构。
printf '{"spdxVersion":"SPDX-2.3","name":"demo"}\n' > sbom.json
jq -n --argjson subject "$subject" --arg digest "$(put sbom.json)" --argjson size "$(stat -c %s sbom.json)" '{
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/spdx+json",
  config: {mediaType: "application/vnd.oci.empty.v1+json",
           digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", size: 2, data: "e30="},
  layers: [{mediaType: "application/spdx+json", digest: $digest, size: $size}],
  subject: $subject
}' > sbom-manifest.json
# @oci image-manifest
cat sbom-manifest.json

# 4. 与文章展示的 sbom-artifact.image-manifest.json 逐字段比较，不一致就失败。
diff <(jq -S . "$here/sbom-artifact.image-manifest.json") <(jq -S . sbom-manifest.json)
echo "与 sbom-artifact.image-manifest.json 一致"

# 5. 不含任何文件的工件（决策树的第一种情形）：config 和唯一的层都用空描述符，信息放在注解里。
jq -n --argjson subject "$subject" '{
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/vnd.example.review.v1",
  config: {mediaType: "application/vnd.oci.empty.v1+json",
           digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", size: 2},
  layers: [{mediaType: "application/vnd.oci.empty.v1+json",
            digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", size: 2}],
  subject: $subject,
  annotations: {"org.opencontainers.image.created": "2024-01-01T00:00:00Z", "com.example.review.result": "approved"}
}' > review-manifest.json
# @oci image-manifest
cat review-manifest.json

# 6. 两个工件的清单也存成 blob，并在 index.json 里登记，描述符带上 artifactType，引用名分别是 sbom 和 review。
for name in sbom review; do
  digest="$(put "$name-manifest.json")"
  jq --arg digest "$digest" --argjson size "$(stat -c %s "$name-manifest.json")" --arg name "$name" \
     --arg type "$(jq -r .artifactType "$name-manifest.json")" \
     '.manifests += [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $digest, size: $size,
                      artifactType: $type, annotations: {"org.opencontainers.image.ref.name": $name}}]' \
     image/index.json > index.tmp
  mv index.tmp image/index.json
done
jq -c '.manifests[] | {ref: .annotations["org.opencontainers.image.ref.name"], artifactType, digest: .digest[7:19]}' image/index.json

# 7. 谁引用了镜像 1.0？镜像布局没有引用者 API，自己扫一遍：subject 指向它的清单就是它的引用者。
#    结果按引用者 API 的格式写成一个镜像索引（分发规范 v1.1.0 起）；镜像 1.0 自己的清单一个字节也没变。
target="$(jq -r .digest <<<"$subject")"
for digest in $(jq -r '.manifests[].digest' image/index.json); do
  jq -c --arg target "$target" --arg digest "$digest" --argjson size "$(stat -c %s "image/blobs/sha256/${digest#sha256:}")" \
    'select(.subject.digest == $target) | {mediaType, digest: $digest, size: $size, artifactType} + (if .annotations then {annotations} else {} end)' \
    "image/blobs/sha256/${digest#sha256:}"
done | jq -s '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: .}' > referrers.json
# @oci image-index
cat referrers.json
jq -r '.manifests[0].digest' image/index.json

# 8. skopeo 1.9.3 不认识 application/spdx+json 这种 artifactType，但照样按原样复制 SBOM 工件，清单摘要不变；subject 指向的镜像不会跟着复制。
skopeo copy -q oci:image:sbom oci:copy:sbom
jq -r '.manifests[0].digest' copy/index.json
ls copy/blobs/sha256 | wc -l

# 9. oci-image-tool 1.0.0-rc1 早于空描述符（image-spec v1.1.0 才定下这个媒体类型），把工件当镜像校验时会拒绝它。
oci-image-tool validate --type image --ref name=sbom image || echo "退出码 $?"
