#!/usr/bin/env bash
# @title 本地注册表：用 skopeo 推送 OCI 镜像，再用 curl 按分发规范读回来
# @tools docker-registry skopeo umoci curl jq
# @timeout 120
# @mask 127\.0\.0\.1:[0-9]+ => 127.0.0.1:<端口>
# @mask ^Date: .* => Date: <时间>
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
umoci init --layout image
umoci new --image image:hello
umoci unpack --image image:hello build >/dev/null
printf 'hello, OCI distribution\n' > build/rootfs/hello.txt
touch -h -d 2024-01-01T00:00:00Z build/rootfs/hello.txt build/rootfs
umoci repack --image image:hello --history.created 2024-01-01T00:00:00Z --history.created_by 'umoci repack' build
umoci config --image image:hello --created 2024-01-01T00:00:00Z --history.created 2024-01-01T00:00:00Z \
  --architecture "$(dpkg --print-architecture)" --os linux --config.label org.opencontainers.image.title=hello
umoci gc --layout image

# 1. 一个只含 hello.txt 的小镜像已经用 umoci 做好（见上方脚本的准备部分），放在 OCI 镜像布局 image/ 里。
jq -c '.manifests[] | {digest, size, ref: .annotations["org.opencontainers.image.ref.name"]}' image/index.json

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

# 3. 分发规范的第一个端点：GET /v2/ 返回 200 表示注册表实现了规范。
curl -si "http://$registry/v2/" | tr -d '\r'; echo

# 4. 用 skopeo 把镜像布局推送到注册表的 demo/hello 仓库，标签 1.0。
skopeo copy --dest-tls-verify=false oci:image:hello "docker://$registry/demo/hello:1.0"

# 5. 列出仓库的标签。
curl -s "http://$registry/v2/demo/hello/tags/list"

# 6. 按标签取回镜像清单：Accept 头声明接受 OCI 清单。distribution 2.8.2 在 Docker-Content-Digest 响应头里给出清单的摘要；
#    分发规范 v1.1.1：成功的响应应当（SHOULD）带上这个沿袭自 Docker 的头，但客户端不应依赖它；
#    用它就必须核对它与清单相符，所以下一步自己算。
curl -sI -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "http://$registry/v2/demo/hello/manifests/1.0" | tr -d '\r' | grep -iE '^(content-type|content-length|docker-content-digest):'
curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "http://$registry/v2/demo/hello/manifests/1.0" > manifest.json
jq . manifest.json

# 7. 摘要就是清单原始字节的 SHA-256，客户端可以自己验证。
sha256sum manifest.json

# 8. 按摘要取回配置和层（blob），同样可以逐字节校验。
config="$(jq -r .config.digest manifest.json)"
curl -s "http://$registry/v2/demo/hello/blobs/$config" | jq -c '{architecture, os, config, rootfs}'
layer="$(jq -r '.layers[0].digest' manifest.json)"
curl -sL "http://$registry/v2/demo/hello/blobs/$layer" | sha256sum
curl -sL "http://$registry/v2/demo/hello/blobs/$layer" | tar -tzv
curl -sL "http://$registry/v2/demo/hello/blobs/$layer" | tar -xzO hello.txt

# 9. 再从注册表拉回到一个新的镜像布局：清单摘要与推送前完全一致。
skopeo copy --src-tls-verify=false "docker://$registry/demo/hello:1.0" oci:pulled:hello
jq -r '.manifests[0].digest' pulled/index.json image/index.json
