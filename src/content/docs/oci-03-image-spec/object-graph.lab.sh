#!/usr/bin/env bash
# @title 沿着摘要走一遍对象图：index.json → 镜像清单 → 镜像配置和层，逐个核对摘要与大小
# @tools umoci oci-image-tool jq
# @timeout 60
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录和清理；所有时间戳固定为 2024-01-01，这样每次构建的摘要都相同
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
T=2024-01-01T00:00:00Z

# 1. 用 umoci 建一个两层的小镜像：第一层放配置文件，第二层放网页。
#    镜像里只有文本文件，不打算运行，所以架构直接写 amd64；执行参数只是为了看它们在配置里的样子。
umoci init --layout image
umoci new --image image:1.0
umoci unpack --image image:1.0 build >/dev/null
mkdir -p build/rootfs/etc/app
echo 'greeting=hello' > build/rootfs/etc/app/app.conf
find build/rootfs -exec touch -h -d "$T" {} +
umoci repack --refresh-bundle --image image:1.0 --history.created "$T" --history.created_by 'COPY app.conf /etc/app/' build
mkdir -p build/rootfs/srv
echo '<h1>hello, OCI</h1>' > build/rootfs/srv/index.html
find build/rootfs -exec touch -h -d "$T" {} +
umoci repack --refresh-bundle --image image:1.0 --history.created "$T" --history.created_by 'COPY index.html /srv/' build
umoci config --image image:1.0 --created "$T" --author 'OCI 指南' --architecture amd64 --os linux \
  --config.user 1000:1000 --config.env APP_HOME=/srv --config.workingdir /srv \
  --config.entrypoint /usr/bin/httpd --config.cmd -f --config.exposedports 8080/tcp \
  --config.label org.opencontainers.image.title=demo \
  --manifest.annotation org.opencontainers.image.source=https://example.com/demo.git \
  --history.created "$T" --history.created_by 'umoci config'
umoci gc --layout image

# 2. 镜像布局：oci-layout 标记版本，index.json 是入口，其余都是 blobs/sha256/ 下以摘要命名的文件。
find image -type f | sort
# @oci image-layout
jq . image/oci-layout
# @oci image-index
jq . image/index.json

# 3. 顺着 index.json 里的描述符找到镜像清单：它引用一个配置和两个层，都是描述符。
manifest="$(jq -r '.manifests[0].digest' image/index.json)"
# @oci image-manifest
jq . "image/blobs/sha256/${manifest#sha256:}"

# 4. 镜像配置：架构和操作系统、执行参数、rootfs.diff_ids，以及每一步的 history。
config="$(jq -r '.config.digest' "image/blobs/sha256/${manifest#sha256:}")"
# @oci image-config
jq . "image/blobs/sha256/${config#sha256:}"

# 5. 转换成运行时配置：umoci unpack 按 conversion.md 的规则，从镜像配置生成 bundle 的 config.json。
umoci unpack --image image:1.0 bundle >/dev/null
jq '{args: .process.args, env: .process.env, cwd: .process.cwd, user: .process.user, annotations}' bundle/config.json

# 6. 自己核对：对每个描述符，文件大小必须等于 size，内容的 SHA-256 必须等于 digest。
check() {
  local digest size file
  digest="$(jq -r .digest <<<"$1")"
  size="$(jq -r .size <<<"$1")"
  file="image/blobs/sha256/${digest#sha256:}"
  [ "$(stat -c %s "$file")" = "$size" ] || { echo "大小不符：$digest"; return 1; }
  [ "sha256:$(sha256sum <"$file" | cut -d' ' -f1)" = "$digest" ] || { echo "摘要不符：$digest"; return 1; }
  echo "一致 ${digest:0:19}… $size 字节 $(jq -r .mediaType <<<"$1")"
}
check "$(jq -c '.manifests[0]' image/index.json)"
check "$(jq -c .config "image/blobs/sha256/${manifest#sha256:}")"
jq -c '.layers[]' "image/blobs/sha256/${manifest#sha256:}" | while read -r layer; do check "$layer"; done

# 7. 层的 digest 算的是压缩后的 blob；diff_ids 算的是解压后的 tar。两者逐一对应。
for layer in $(jq -r '.layers[].digest' "image/blobs/sha256/${manifest#sha256:}"); do
  echo "sha256:$(gzip -dc "image/blobs/sha256/${layer#sha256:}" | sha256sum | cut -d' ' -f1)"
done
jq -r '.rootfs.diff_ids[]' "image/blobs/sha256/${config#sha256:}"

# 8. ChainID：第一层的 ChainID 就是它的 DiffID；之后每层把「上一层的 ChainID、空格、本层 DiffID」再算一次摘要。
#    ImageID 是镜像配置的 SHA-256 摘要；清单的 config 描述符用 sha256 时，它就是 config.digest 的值。
set -- $(jq -r '.rootfs.diff_ids[]' "image/blobs/sha256/${config#sha256:}")
chain="$1"; shift
for diff in "$@"; do chain="sha256:$(printf '%s %s' "$chain" "$diff" | sha256sum | cut -d' ' -f1)"; done
echo "ChainID: $chain"
echo "ImageID: $config"

# 9. 改镜像配置的正确做法是生成一个新配置：配置的摘要变了，引用它的清单也就变了，
#    index.json 指向新清单；两个层一字未动，仍被新清单引用。
umoci config --image image:1.0 --config.cmd --debug --history.created "$T" --history.created_by 'umoci config'
umoci gc --layout image
new="$(jq -r '.manifests[0].digest' image/index.json)"
echo "清单：${manifest:0:19}… → ${new:0:19}…"
jq -r '.config.digest, .layers[].digest' "image/blobs/sha256/${new#sha256:}"

# 10. 用 oci-image-tool 校验整个布局；再就地篡改一层的最后一个字节（大小不变），摘要对不上了，校验失败。
#    注意版本：Debian 的 oci-image-tool 1.0.0~rc2+really.rc1 用的是 image-spec 1.1.0-rc2 的 schema。
oci-image-tool validate --type image --ref name=1.0 image
layer="$(jq -r '.layers[1].digest' "image/blobs/sha256/${new#sha256:}")"
blob="image/blobs/sha256/${layer#sha256:}"
printf 'x' | dd of="$blob" bs=1 seek=$(($(stat -c %s "$blob") - 1)) conv=notrunc status=none
check "$(jq -c '.layers[1]' "image/blobs/sha256/${new#sha256:}")" || echo "check 发现了篡改"
oci-image-tool validate --type image --ref name=1.0 image || echo "oci-image-tool 校验失败，退出码 $?"
