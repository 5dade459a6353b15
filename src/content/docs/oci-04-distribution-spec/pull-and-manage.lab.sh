#!/usr/bin/env bash
# @title 拉取、发现与管理：用 curl 检验 registry 2.8.2 的 HEAD、Range、标签分页、错误码和删除
# @tools docker-registry skopeo umoci curl jq
# @timeout 180
# @mask 127\.0\.0\.1:[0-9]+ => 127.0.0.1:<端口>
# 以 root 运行；注册表只监听 127.0.0.1 上的一个空闲端口，数据放在临时目录里。
set -euo pipefail

# @setup 临时目录、空闲端口、清理；用 umoci 做两个可重现的小镜像；按默认配置（不允许删除）启动 registry 2.8.2
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
start_registry() { # 按 config.yml 启动注册表；5 秒内 /v2/ 还没有应答，第 50 次的 [ ] 判断失败，实验就此失败
  docker-registry serve config.yml > registry.log 2>&1 &
  registry_pid=$!
  local i
  for i in $(seq 50); do curl -sf "http://$registry/v2/" >/dev/null && break; [ "$i" -lt 50 ]; sleep 0.1; done
}
umoci init --layout image
for version in 1 2; do
  umoci new --image "image:v$version"
  umoci unpack --image "image:v$version" "build$version" >/dev/null
  printf 'hello, OCI distribution v%s\n' "$version" > "build$version/rootfs/hello.txt"
  touch -h -d 2024-01-01T00:00:00Z "build$version/rootfs/hello.txt" "build$version/rootfs"
  umoci repack --image "image:v$version" --history.created 2024-01-01T00:00:00Z --history.created_by 'umoci repack' "build$version"
  umoci config --image "image:v$version" --created 2024-01-01T00:00:00Z --history.created 2024-01-01T00:00:00Z \
    --architecture "$(dpkg --print-architecture)" --os linux --config.label org.opencontainers.image.title=hello
done
umoci gc --layout image
cat > config.yml <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry-data
http:
  addr: $registry
YAML
start_registry

# 1. 准备内容：两个只差 hello.txt 的小镜像（v1、v2，见脚本的准备部分）推送到 demo/hello 的五个标签，v2 另推一份到 demo/world。
#    然后用 HEAD 请求逐个查看每个标签指向的清单摘要：1.0、1.1 指向 v1，其余指向 v2。
for tag in 1.0 1.1; do skopeo copy -q --dest-tls-verify=false oci:image:v1 "docker://$registry/demo/hello:$tag"; done
for tag in 2.0 2.1 latest; do skopeo copy -q --dest-tls-verify=false oci:image:v2 "docker://$registry/demo/hello:$tag"; done
skopeo copy -q --dest-tls-verify=false oci:image:v2 "docker://$registry/demo/world:1.0"
r="http://$registry/v2/demo/hello"
accept='Accept: application/vnd.oci.image.manifest.v1+json'
for tag in 1.0 1.1 2.0 2.1 latest; do
  printf '%-7s' "$tag"; curl -sI -H "$accept" "$r/manifests/$tag" | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //p'
done

# 2. HEAD 与 GET：分发规范 v1.1.1 要求已有清单的 HEAD 返回 200（MUST），SHOULD 带上 Docker-Content-Digest 和 Content-Length。
#    HEAD 的响应头与 GET 相同，但没有响应体：curl 统计到的下载字节数是 0，GET 则是清单的 345 字节。
curl -sI -H "$accept" -o /dev/null -D - -w 'body: %{size_download} bytes\n' "$r/manifests/1.0" \
  | tr -d '\r' | grep -iE '^(http/|content-type|content-length|docker-content-digest|body)'
curl -s -H "$accept" -o manifest-v1.json -D - -w 'body: %{size_download} bytes\n' "$r/manifests/1.0" \
  | tr -d '\r' | grep -iE '^(http/|content-type|content-length|docker-content-digest|body)'

# 3. 引用（reference）可以是标签，也可以是摘要：按摘要取回的是同一份字节，自己算出的 SHA-256 与摘要一致。
v1="sha256:$(sha256sum manifest-v1.json | cut -d ' ' -f 1)"
echo "$v1"
curl -s -H "$accept" "$r/manifests/$v1" | cmp - manifest-v1.json && echo '按标签、按摘要取回的清单逐字节相同'

# 4. Range 请求：规范说注册表 SHOULD 按 RFC 9110 支持 Range。2.8.2 返回 206 和 Content-Range，正文是层的前 10 字节（gzip 头）。
#    这里没有加 curl -L，直接拿到 206：文件系统存储不会像 S3 等存储那样用 307 重定向到别处下载。
layer1="$(jq -r '.layers[0].digest' manifest-v1.json)"
curl -s -H 'Range: bytes=0-9' -o part.bin -D - "$r/blobs/$layer1" \
  | tr -d '\r' | grep -iE '^(http/|(location|accept-ranges|content-range|content-length):)'
od -A d -t x1 part.bin
curl -s "$r/blobs/$layer1" | head -c 10 | cmp - part.bin && echo '与完整 blob 的前 10 字节相同'

# 5. 标签列表：规范要求按词法顺序（MUST）；带 n 时 MUST 返回 n 个（除非总数不足或给了 Link 头），n=0 时 MUST 返回空列表且不带 Link 头；
#    last 表示从哪个标签之后开始。2.8.2 的 /tags/list 不认 n 和 last：下面每次都是全部 5 个标签、没有 Link 头。
#    它按存储目录的读取顺序返回，不保证词法顺序，所以这里用 jq 的 sort 排序后再显示。
for query in '' '?n=2' '?n=0' '?last=1.1'; do
  echo "--- tags/list$query"
  curl -s -D headers.txt "$r/tags/list$query" | jq -c '{name, count: (.tags | length), sorted: (.tags | sort)}'
  tr -d '\r' < headers.txt | grep -iE '^(http/|link:)'
done

# 6. 作为对照：2.8.2 在自己的 /v2/_catalog 端点（分发规范 v1.1.1 没有这个端点）实现了 n、last 和 Link 头（rel="next"）。
#    跟着 Link 给的地址就能取到下一页。
curl -s -D headers.txt "http://$registry/v2/_catalog?n=1"
tr -d '\r' < headers.txt | grep -iE '^(http/|link:)'
next="$(tr -d '\r' < headers.txt | sed -n 's/^Link: <\(.*\)>; rel="next"$/\1/p')"
curl -s -D headers.txt "http://$registry$next"
tr -d '\r' < headers.txt | grep -iE '^(http/|link:)'

# 7. 读取时的错误：4xx 响应体若是 JSON，规范规定它是 {"errors": [{code, message, detail}]}，code 取自规范的错误码表。
#    req 打印状态行和响应体。注意第二个：不带 Accept 时，2.8.2 把已存在的 OCI 清单也说成 MANIFEST_UNKNOWN。
req() { curl -s -D headers.txt -o body.txt "$@"; sed -n '1s/\r$//p' headers.txt; cat body.txt; }
zero="sha256:$(printf '0%.0s' $(seq 64))"
req -H "$accept" "$r/manifests/9.9"
req "$r/manifests/1.0"
req "$r/blobs/$zero"
req "$r/blobs/sha256:xyz"
req "http://$registry/v2/demo/nothere/tags/list"

# 8. 仓库名不合法应当回答 NAME_INVALID。2.8.2 只拒绝超过 255 个字符的名字，却报成 500 UNKNOWN（响应体截断显示）；
#    demo/Hello 不合语法，路由不匹配，得到纯文本 404；Demo/hello 也不合规范的正则，2.8.2 却把 Demo 当作域名接受了。
req "http://$registry/v2/$(printf 'a%.0s' $(seq 256))/tags/list" | cut -c 1-90
req "http://$registry/v2/demo/Hello/tags/list"
req "http://$registry/v2/Demo/hello/tags/list"

# 9. 写入时的错误。先是 DIGEST_INVALID：上传的 blob 与声明的摘要不符，或者把清单放到一个与其内容不符的摘要下。
printf 'not what the digest says\n' > data.bin
upload="$(curl -s -X POST -D - -o /dev/null "$r/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //p')"
req -X PUT -H 'Content-Type: application/octet-stream' --data-binary @data.bin "$upload&digest=$zero"
req -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary @manifest-v1.json "$r/manifests/$zero"

# 10. 清单引用了注册表里没有的 blob：MANIFEST_BLOB_UNKNOWN；清单本身不合格（这里 layers 不是数组）：MANIFEST_INVALID。两者都是 400。
jq -c --arg zero "$zero" '.layers[0].digest = $zero' manifest-v1.json > missing-blob.json
req -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary @missing-blob.json "$r/manifests/broken"
jq -c '.layers = "oops"' manifest-v1.json > invalid.json
req -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary @invalid.json "$r/manifests/broken"

# 11. 删除：规范允许注册表不实现删除（MAY），此时 MUST 回答 400 或 405。2.8.2 默认不允许删除：405 加 UNSUPPORTED。
req -X DELETE "$r/manifests/$v1"
req -X DELETE "$r/blobs/$layer1"

# 12. 停下注册表，在配置里打开 storage.delete.enabled，再启动。
kill "$registry_pid"; wait "$registry_pid" || true
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
start_registry

# 13. 按摘要删除 v1 的清单：MUST 返回 202。之后按摘要、按曾指向它的标签 1.0、1.1 去取，都是 404；标签列表里也没有了它们。
req -X DELETE "$r/manifests/$v1"
for ref in "$v1" 1.0 1.1; do curl -s -o /dev/null -w "$ref → %{http_code}\n" -H "$accept" "$r/manifests/$ref"; done
curl -s "$r/tags/list" | jq -c '.tags | sort'

# 14. 按标签删除：规范允许注册表只支持按摘要删除（MAY），不支持时 MUST 回答 400 或 405。
#    2.8.2 回答 400，但错误码是 DIGEST_INVALID：它把标签当成了格式不对的摘要。标签 2.0 仍然在。
req -X DELETE "$r/manifests/2.0"
curl -s -o /dev/null -w '2.0 → %{http_code}\n' -H "$accept" "$r/manifests/2.0"

# 15. 删除 blob：MUST 返回 202，之后再取是 404。这里删的是 v1 的配置。
#    v1 的层却还能取到：删除清单不会顺带删除它引用的 blob。
config1="$(jq -r .config.digest manifest-v1.json)"
req -X DELETE "$r/blobs/$config1"
curl -s -o /dev/null -w "v1 的配置 $config1 → %{http_code}\n" "$r/blobs/$config1"
curl -s -o /dev/null -w "v1 的层   $layer1 → %{http_code}\n" "$r/blobs/$layer1"

# 16. 存储空间要靠垃圾回收（garbage collection）收回，这不在分发规范里。distribution 的文档建议先停下注册表（或设为只读）。
#    回收从仍存在的清单出发做标记：v1 的清单、层和配置都没被标记，于是被删除（6 个 blob 剩 3 个）。
#    其中的配置上一步已经 DELETE 过：那只删掉了仓库对它的引用，数据一直留在磁盘上，直到这次回收。
kill "$registry_pid"; wait "$registry_pid" || true; registry_pid=""
find registry-data -path '*/blobs/sha256/*/data' | wc -l
docker-registry garbage-collect config.yml > gc.log 2>&1
sed 's/ *$//' gc.log | grep -E 'marking|blobs marked'
grep 'blob eligible' gc.log | sort
find registry-data -path '*/blobs/sha256/*/data' | wc -l
