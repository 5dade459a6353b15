#!/usr/bin/env bash
# @title 没有引用者 API 的注册表：客户端按引用者标签方案（sha256-…）自己维护引用者列表
# @tools docker-registry skopeo umoci curl jq
# @timeout 150
# @mask 127\.0\.0\.1:[0-9]+ => 127.0.0.1:<端口>
# @mask ^Date: .* => Date: <时间>
# 以 root 运行；注册表只监听 127.0.0.1 上的一个空闲端口，数据放在临时目录里。
set -euo pipefail

# @setup 临时目录、空闲端口、清理（停止注册表、删除临时目录），以及一个时间固定、架构固定的 umoci 小镜像
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
registry_pid=""
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"
port=""
for candidate in $(shuf -i 20000-32000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
done
[ -n "$port" ]
registry="127.0.0.1:$port"
T=2024-01-01T00:00:00Z
umoci init --layout image
umoci new --image image:app
umoci unpack --image image:app build >/dev/null
printf 'hello, OCI referrers\n' > build/rootfs/hello.txt
touch -h -d "$T" build/rootfs/hello.txt build/rootfs
umoci repack --image image:app --history.created "$T" --history.created_by 'umoci repack' build
umoci config --image image:app --created "$T" --history.created "$T" --architecture amd64 --os linux
umoci gc --layout image

# 1. 启动 distribution 项目的 registry 2.8.2，打开删除功能（默认关闭；第 12 步要删除清单），只监听本机回环地址。
#    等它就绪：5 秒内 /v2/ 还没有应答，第 50 次的 [ ] 判断失败，实验就此失败。
cat > config.yml <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry-data
  delete:
    enabled: true
http:
  addr: $registry
YAML
docker-registry serve config.yml > registry.log 2>&1 &
registry_pid=$!
for i in $(seq 50); do curl -sf "http://$registry/v2/" >/dev/null && break; [ "$i" -lt 50 ]; sleep 0.1; done

# 2. 用 skopeo 把 umoci 做好的小镜像推送到 demo/app:1.0，再取回清单，算出它的描述符：工件的 subject 要指向它。
#    umoci 0.4.7 写的清单没有 mediaType 字段（image-spec 对它的要求只是 SHOULD），媒体类型就取响应的 Content-Type。
skopeo copy -q --dest-tls-verify=false oci:image:app "docker://$registry/demo/app:1.0"
curl -s -D app-headers.txt -o app-manifest.json -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "http://$registry/v2/demo/app/manifests/1.0"
jq -c 'has("mediaType")' app-manifest.json
subject="$(jq -nc --arg mediaType "$(tr -d '\r' < app-headers.txt | sed -n 's/^[Cc]ontent-[Tt]ype: //p')" \
  --arg digest "sha256:$(sha256sum < app-manifest.json | cut -d' ' -f1)" --argjson size "$(stat -c %s app-manifest.json)" \
  '{mediaType: $mediaType, digest: $digest, size: $size}')"
echo "$subject"

# 3. 工件用到的 blob 先推送（POST 取得上传地址，再 PUT 带上摘要）：空描述符指向的两个字节 {}，
#    以及一份极简的 SPDX 2.3 JSON（内容只是示意）。registry 2.8.2 只接受所引用的 blob 都已在仓库里的清单（规范只是允许这样拒绝，MAY）。
push_blob() {
  local digest location
  digest="sha256:$(sha256sum < "$1" | cut -d' ' -f1)"
  location="$(curl -s -o /dev/null -D - -X POST "http://$registry/v2/demo/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')"
  curl -s -o /dev/null -w "%{http_code} $digest\n" -X PUT -H 'Content-Type: application/octet-stream' \
    --data-binary "@$1" "$location&digest=$digest"
}
printf '{}' > empty.json
push_blob empty.json
printf '%s\n' '{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"demo-app-1.0","documentNamespace":"https://example.com/spdx/demo-app-1.0","creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: hand-written"]},"packages":[{"name":"hello","SPDXID":"SPDXRef-Package-hello","downloadLocation":"NOASSERTION","filesAnalyzed":false}],"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-Package-hello"}]}' > sbom.spdx.json
push_blob sbom.spdx.json

# 4. SBOM 工件清单：config 用空描述符，artifactType 是 SPDX 注册的媒体类型，subject 指向镜像 1.0，创建时间固定。
empty='{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2}'
jq -n --argjson subject "$subject" --argjson empty "$empty" \
  --arg digest "sha256:$(sha256sum < sbom.spdx.json | cut -d' ' -f1)" --argjson size "$(stat -c %s sbom.spdx.json)" '{
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/spdx+json",
  config: $empty,
  layers: [{mediaType: "application/spdx+json", digest: $digest, size: $size}],
  subject: $subject,
  annotations: {"org.opencontainers.image.created": "2024-01-01T00:00:00Z"}
}' > sbom-manifest.json
# @oci image-manifest
cat sbom-manifest.json

# 5. 按摘要推送 SBOM 清单。分发规范 v1.1.1：支持引用者 API 的注册表处理了 subject，就必须（MUST）回 OCI-Subject 头。
#    registry 2.8.2 照样存下清单、回 201，但没有这个头（grep 找不到，退出码 1）：客户端必须（MUST）自己更新引用者标签。
sbom="sha256:$(sha256sum < sbom-manifest.json | cut -d' ' -f1)"
curl -s -o /dev/null -D sbom-put.txt -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
  --data-binary @sbom-manifest.json "http://$registry/v2/demo/app/manifests/$sbom"
tr -d '\r' < sbom-put.txt | grep -iE '^(http/|location|docker-content-digest|oci-subject)'
if tr -d '\r' < sbom-put.txt | grep -i '^oci-subject:'; then echo "注册表处理了 subject"; else echo "退出码：$?"; fi

# 6. 查询引用者 API：支持它的注册表不得（MUST NOT）回 404。2.8.2 的路由里根本没有这个端点，回的是纯文本的 404，
#    不是规范格式的错误 JSON。分发规范 v1.1.1：收到 404 的客户端必须（MUST）改用引用者标签方案。
curl -s -D - "http://$registry/v2/demo/app/referrers/$(jq -r .digest <<<"$subject")" | tr -d '\r' | grep -viE '^(date|docker-distribution-api-version|x-content-type-options):'

# 7. 第一次回退，按引用者标签方案（Referrers Tag Schema）：标签名就是 subject 的摘要，冒号换成连字符。
#    先拉这个标签，404 表示还没有列表，必须（MUST）从空的镜像索引开始；再追加 SBOM 清单的描述符：
#    artifactType 取清单的 artifactType，没有就取 config 的 mediaType，清单的注解全部复制（都是 MUST）。
tag="$(jq -r '.digest | sub(":"; "-")' <<<"$subject")"
echo "$tag"
curl -s -o /dev/null -w '%{http_code}\n' -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$registry/v2/demo/app/manifests/$tag"
referrer_descriptor() {
  jq -c --arg digest "sha256:$(sha256sum < "$1" | cut -d' ' -f1)" --argjson size "$(stat -c %s "$1")" \
    '{mediaType, digest: $digest, size: $size, artifactType: (if (.artifactType // "") == "" then .config.mediaType else .artifactType end)}
     + (if .annotations then {annotations} else {} end)' "$1"
}
jq -n --argjson d "$(referrer_descriptor sbom-manifest.json)" \
  '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$d]}' > referrers-1.json
# @oci image-index
cat referrers-1.json
curl -s -o /dev/null -D - -X PUT -H 'Content-Type: application/vnd.oci.image.index.v1+json' \
  --data-binary @referrers-1.json "http://$registry/v2/demo/app/manifests/$tag" | tr -d '\r' | grep -iE '^(http/|docker-content-digest)'

# 8. 第二个引用者：一个示意的签名工件（artifactType 借用规范示例里的 application/vnd.example.signature.v1，不是真签名），
#    没有文件内容，层用空描述符。回退流程写成函数：拉列表 → 不是镜像索引就报错（SHOULD）→ 已在列表里就跳过
#    （规范说不应当重复，SHOULD NOT）→ 追加 → 推送，推送时带上拉取时的 ETag 作条件请求（MAY）。调用两次，看去重。
jq -n --argjson subject "$subject" --argjson empty "$empty" '{
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  artifactType: "application/vnd.example.signature.v1",
  config: $empty,
  layers: [$empty],
  subject: $subject,
  annotations: {"org.opencontainers.image.created": "2024-01-01T00:00:00Z", "org.example.signature.fingerprint": "abcd"}
}' > sig-manifest.json
# @oci image-manifest
cat sig-manifest.json
sig="sha256:$(sha256sum < sig-manifest.json | cut -d' ' -f1)"
curl -s -o /dev/null -D - -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
  --data-binary @sig-manifest.json "http://$registry/v2/demo/app/manifests/$sig" | tr -d '\r' | grep -iE '^(http/|docker-content-digest|oci-subject)'
add_referrer() {
  local code etag descriptor cond=()
  code="$(curl -s -o current.json -D current.txt -w '%{http_code}' -H 'Accept: application/vnd.oci.image.index.v1+json' \
    "http://$registry/v2/demo/app/manifests/$tag")"
  etag="$(tr -d '\r' < current.txt | sed -n 's/^[Ee][Tt]ag: //p')"
  echo "拉取 $tag：$code，ETag：${etag:-无}"
  if [ "$code" = 404 ]; then jq -n '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: []}' > current.json; fi
  jq -e '.mediaType == "application/vnd.oci.image.index.v1+json"' current.json >/dev/null || { echo "$tag 不是镜像索引"; return 1; }
  descriptor="$(referrer_descriptor "$1")"
  if jq -e --argjson d "$descriptor" 'any(.manifests[]; .digest == $d.digest)' current.json >/dev/null; then echo "已在列表中，跳过"; return 0; fi
  jq --argjson d "$descriptor" '.manifests += [$d]' current.json > referrers.json
  if [ -n "$etag" ]; then cond=(-H "If-Match: $etag"); fi
  curl -s -o /dev/null -w "推送：%{http_code}\n" -X PUT "${cond[@]}" \
    -H 'Content-Type: application/vnd.oci.image.index.v1+json' --data-binary @referrers.json "http://$registry/v2/demo/app/manifests/$tag"
}
add_referrer sig-manifest.json
add_referrer sig-manifest.json
# @oci image-index
cat referrers.json

# 9. 条件请求到底有没有用？registry 2.8.2 拉取清单时回 ETag（就是加了引号的摘要），If-None-Match 命中时回 304；
#    但推送时不理会 If-Match：带着已经过时的 ETag（上一版列表的摘要）推送同一份列表，照样 201，而不是 412。
#    规范只说客户端可以（MAY）用条件请求，并没有要求注册表支持；在 2.8.2 上并发更新同一个标签仍可能互相覆盖。
old_etag="\"sha256:$(sha256sum < referrers-1.json | cut -d' ' -f1)\""
new_etag="\"sha256:$(sha256sum < referrers.json | cut -d' ' -f1)\""
curl -s -o /dev/null -D - -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$registry/v2/demo/app/manifests/$tag" \
  | tr -d '\r' | grep -iE '^(http/|etag)'
curl -s -o /dev/null -w '%{http_code}\n' -H "If-None-Match: $new_etag" -H 'Accept: application/vnd.oci.image.index.v1+json' \
  "http://$registry/v2/demo/app/manifests/$tag"
echo "过时的 ETag：$old_etag"
curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H "If-Match: $old_etag" -H 'Content-Type: application/vnd.oci.image.index.v1+json' \
  --data-binary @referrers.json "http://$registry/v2/demo/app/manifests/$tag"

# 10. 像客户端那样读回引用者：引用者 API 回 404，就改拉引用者标签。注册表不会替你按 artifactType 过滤
#     （带 ?artifactType= 也是 404，自然没有 OCI-Filters-Applied 头），过滤由客户端用 jq 做。
api="http://$registry/v2/demo/app/referrers/$(jq -r .digest <<<"$subject")"
curl -s -o /dev/null -D - "$api?artifactType=application/spdx+json" | tr -d '\r' | grep -iE '^(http/|oci-filters-applied)'
curl -s -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$registry/v2/demo/app/manifests/$tag" > listed.json
jq -r '.manifests[] | "\(.artifactType)  \(.digest)"' listed.json
jq -c '.manifests[] | select(.artifactType == "application/spdx+json") | {digest, size, annotations}' listed.json

# 11. 引用者标签只是普通标签：没有实现引用者 API 的 skopeo 1.9.3 也能按标签取回这个镜像索引，字节与推送的一致；
#     它也和其他标签一样出现在标签列表里（2.8.2 列出的顺序随文件系统而变，这里用 jq 排序）。
skopeo inspect --tls-verify=false --raw "docker://$registry/demo/app:$tag" | sha256sum
sha256sum < referrers.json
curl -s "http://$registry/v2/demo/app/tags/list" | jq -c '.tags | sort'

# 12. 删除签名清单（按摘要，回 202；之后再取就是 404）。分发规范 v1.1.1：没有引用者 API 时，客户端应当（SHOULD）
#     拉取引用者列表、删掉指向被删清单的描述符、再推回去。2.8.2 还会拒收仍列着已删清单的旧列表（400），
#     这一点是该实现的行为，规范没有要求。
curl -s -o /dev/null -w '%{http_code}\n' -X DELETE "http://$registry/v2/demo/app/manifests/$sig"
curl -s -o /dev/null -w '%{http_code}\n' -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$registry/v2/demo/app/manifests/$sig"
curl -s -X PUT -H 'Content-Type: application/vnd.oci.image.index.v1+json' --data-binary @referrers.json \
  -w '%{http_code}\n' "http://$registry/v2/demo/app/manifests/$tag"
curl -s -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$registry/v2/demo/app/manifests/$tag" \
  | jq --arg sig "$sig" 'del(.manifests[] | select(.digest == $sig))' > referrers.json
curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H 'Content-Type: application/vnd.oci.image.index.v1+json' \
  --data-binary @referrers.json "http://$registry/v2/demo/app/manifests/$tag"
# @oci image-index
curl -s -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$registry/v2/demo/app/manifests/$tag"
