#!/usr/bin/env bash
# @title 用 curl 走一遍分发规范的每种 blob 推送流程：整体上传、分块上传、跨仓库挂载，最后推送清单
# @tools docker-registry curl jq tar
# @timeout 120
# @mask 127\.0\.0\.1:[0-9]+ => 127.0.0.1:<端口>
# @mask [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} => <UUID>
# @mask _state=[^&\s]* => _state=<状态>
# 以 root 运行；注册表只监听 127.0.0.1 上的一个空闲端口，数据放在临时目录里。
set -euo pipefail

# @setup 临时目录、空闲端口，以及无论成败都会执行的清理（停止注册表、删除临时目录）
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

# 1. 准备两个 blob：一个未压缩的 tar 层（固定时间、属主和权限，摘要每次都一样），以及引用它的镜像配置。
#    层没有压缩，所以配置里的 diff_id 就等于层的摘要。
mkdir rootfs && printf 'hello, OCI distribution\n' > rootfs/hello.txt && chmod 644 rootfs/hello.txt
tar --mtime='2024-01-01 00:00:00 UTC' --owner=0 --group=0 --numeric-owner --sort=name -cf layer.tar -C rootfs hello.txt
layer="sha256:$(sha256sum layer.tar | cut -d' ' -f1)"
jq -cn --arg d "$layer" '{architecture: "amd64", os: "linux", rootfs: {type: "layers", diff_ids: [$d]}}' > config.json
config="sha256:$(sha256sum config.json | cut -d' ' -f1)"
# @oci image-config
cat config.json
wc -c layer.tar config.json
sha256sum layer.tar config.json

# 2. 启动本地注册表（distribution 项目的 registry 2.8.2），存储放在临时目录，只监听本机回环地址。
#    等它就绪：5 秒内 /v2/ 还没有应答，第 50 次的 [ ] 判断失败，实验就此失败。
cat > config.yml <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry-data
http:
  addr: $registry
YAML
docker-registry serve config.yml > registry.log 2>&1 &
registry_pid=$!
for i in $(seq 50); do curl -sf "http://$registry/v2/" >/dev/null && break; [ "$i" -lt 50 ]; sleep 0.1; done

# 3. 三个小工具：req 就是 curl，只显示状态行、几个相关的响应头和响应体；location 取出上一个响应的 Location；
#    with_digest 给上传地址加上 digest 参数（地址里可能已有查询串，所以视情况用 & 或 ?）。
req() {
  curl -s -o body -D headers "$@"
  tr -d '\r' < headers | grep -iE '^(HTTP/|(location|range|docker-upload-uuid|docker-content-digest|oci-chunk-min-length):)'
  if [ -s body ]; then cat body; fi
}
location() { tr -d '\r' < headers | sed -n 's/^location: //Ip'; }
with_digest() { case "$1" in *\?*) echo "$1&digest=$2" ;; *) echo "$1?digest=$2" ;; esac; }

# 4. 整体上传（POST then PUT）第一步：POST 开启上传会话。分发规范 v1.1.1 要求 202 和 Location（MUST）。
#    Location 可以带关键的查询参数（MAY），客户端应原样使用：registry 2.8.2 给的是绝对地址，带着签名过的会话状态 _state，
#    还多给了 Range 和 Docker-Upload-UUID。
req -X POST "http://$registry/v2/demo/hello/blobs/uploads/"
loc="$(location)"

# 5. 第二步：把整个 blob PUT 到 Location，并加上 digest 参数。规范要求 201 和指向 blob 的 Location（MUST），
#    Docker-Content-Digest 是 2.8.2 额外给的。之后就能按摘要 HEAD 到这个 blob。
req -X PUT -H 'Content-Type: application/octet-stream' --data-binary @config.json "$(with_digest "$loc" "$config")"
curl -sI "http://$registry/v2/demo/hello/blobs/$config" | tr -d '\r' | grep -iE '^(HTTP/|content-length:|docker-content-digest:)'

# 6. 单次 POST（Single POST）：带 ?digest= 和 blob 内容，一次完成。这是 MAY；不支持的注册表 SHOULD 回 202 和 Location。
#    registry 2.8.2 正是如此：忽略请求体，只开了会话（另一个仓库 demo/copy 里仍然没有这个 blob），客户端再照常 PUT。
req -X POST -H 'Content-Type: application/octet-stream' --data-binary @config.json \
  "http://$registry/v2/demo/copy/blobs/uploads/?digest=$config"
loc="$(location)"
curl -sI "http://$registry/v2/demo/copy/blobs/$config" | tr -d '\r' | grep -i '^HTTP/'
req -X PUT -H 'Content-Type: application/octet-stream' --data-binary @config.json "$(with_digest "$loc" "$config")"

# 7. 分块上传（Pushing a blob in chunks）：把 10240 字节的层切成 4096 字节的块。POST 要带 Content-Length: 0；
#    有最小块长的注册表 SHOULD 回 OCI-Chunk-Min-Length，2.8.2 没有这个头。空会话的 Range 它写成 0-0。
split -b 4096 -d layer.tar chunk.
wc -c chunk.*
req -X POST -H 'Content-Length: 0' "http://$registry/v2/demo/hello/blobs/uploads/"
loc="$(location)"

# 8. PATCH 第一块，Content-Range 两端都含（0-4095）：规范要求 202、Location 和 Range: 0-<最后一个字节>。
req -X PATCH -H 'Content-Type: application/octet-stream' -H 'Content-Range: 0-4095' --data-binary @chunk.00 "$loc"
loc="$(location)"

# 9. 故意跳过第二块，直接发第三块（8192-10239）。规范要求乱序的块得到 416（MUST）；
#    registry 2.8.2 不看 Content-Range，照收不误，把它接在已收的 4096 字节后面，Range 变成 0-6143。
req -X PATCH -H 'Content-Type: application/octet-stream' -H 'Content-Range: 8192-10239' --data-binary @chunk.02 "$loc"
loc="$(location)"

# 10. GET 上传地址（end-13）查询会话状态：规范要求 204、Location 和 Range。这里的 Range 说明错位的字节已经写进去了；
#     规范里没有删掉已收字节的办法，这个会话用整个 blob 的摘要关闭只会得到 400 DIGEST_INVALID。
req "$loc"
req -X PUT "$(with_digest "$loc" "$layer")"

# 11. 重新开一个会话，这次按顺序来。PATCH 第一块之后用 GET 查询：Range: 0-4095，下一块就该从 4096 开始。
req -X POST -H 'Content-Length: 0' "http://$registry/v2/demo/hello/blobs/uploads/"
loc="$(location)"
req -X PATCH -H 'Content-Type: application/octet-stream' -H 'Content-Range: 0-4095' --data-binary @chunk.00 "$loc"
loc="$(location)"
req "$loc"

# 12. 接着 PATCH 第二块；最后一块放在关闭会话的 PUT 里（规范允许，MAY）。PUT 的 digest 是整个 blob 的摘要，不是最后一块的。
req -X PATCH -H 'Content-Type: application/octet-stream' -H 'Content-Range: 4096-8191' --data-binary @chunk.01 "$loc"
loc="$(location)"
req -X PUT -H 'Content-Type: application/octet-stream' -H 'Content-Range: 8192-10239' --data-binary @chunk.02 \
  "$(with_digest "$loc" "$layer")"

# 13. 取回这个 blob：字节与本地的 layer.tar 完全一致。
curl -s "http://$registry/v2/demo/hello/blobs/$layer" | sha256sum
curl -s "http://$registry/v2/demo/hello/blobs/$layer" | cmp - layer.tar && echo '字节一致'

# 14. 跨仓库挂载（Mounting a blob from another repository）：demo/hello 已有这个层，demo/copy 不用再传一遍。
#     规范要求 201 和 Location（MUST）；Docker-Content-Digest 给出挂载的 blob 的摘要。
req -X POST "http://$registry/v2/demo/copy/blobs/uploads/?mount=$layer&from=demo/hello"
curl -sI "http://$registry/v2/demo/copy/blobs/$layer" | tr -d '\r' | grep -iE '^(HTTP/|content-length:|docker-content-digest:)'

# 15. 来源仓库里没有这个 blob（这里的 demo/nothing 根本不存在）时，规范说 SHOULD 回 202：开一个普通的上传会话，客户端接着上传。
#     from 参数规范允许当作可选（MAY）；2.8.2 不这样做：没有 from 也只回 202。
req -X POST "http://$registry/v2/demo/other/blobs/uploads/?mount=$layer&from=demo/nothing"
req -X POST "http://$registry/v2/demo/other/blobs/uploads/?mount=$layer"

# 16. 最后推送镜像清单（Pushing Manifests）：Content-Type 要等于清单的 mediaType（MUST）。
#     规范要求 201 和 Location（MUST）；Docker-Content-Digest 若出现，必须等于客户端算出的摘要。
jq -n --arg c "$config" --argjson cs "$(wc -c < config.json)" --arg l "$layer" --argjson ls "$(wc -c < layer.tar)" '{
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
  layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar", digest: $l, size: $ls}]
}' > manifest.json
req -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary @manifest.json \
  "http://$registry/v2/demo/hello/manifests/1.0"
sha256sum manifest.json
manifest="sha256:$(sha256sum manifest.json | cut -d' ' -f1)"

# 17. 注册表必须原样保存清单的字节（MUST）：按标签、按摘要取回，都与推送的文件逐字节相同。
# @oci image-manifest
curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$registry/v2/demo/hello/manifests/1.0" | tee by-tag.json
cmp by-tag.json manifest.json && echo '按标签取回：字节一致'
curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$registry/v2/demo/hello/manifests/$manifest" > by-digest.json
cmp by-digest.json manifest.json && echo '按摘要取回：字节一致'

# 18. demo/copy 里的配置（第 6 步上传）和层（第 14 步挂载）都齐了，同一份清单也可以按摘要推送到那里。
req -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary @manifest.json \
  "http://$registry/v2/demo/copy/manifests/$manifest"
