#!/usr/bin/env bash
# @title 镜像拉取失败：从客户端看到的报错，以及确认原因的命令
# @tools docker-registry skopeo umoci curl jq htpasswd
# @timeout 120
# @mask 127\.0\.0\.1:[0-9]+ => 127.0.0.1:<端口>
# @mask OpenSSL/[0-9.]+ => OpenSSL/<版本>
# 以 root 运行；注册表只监听 127.0.0.1 上的一个空闲端口，数据放在临时目录里。镜像只有 linux/amd64，主机也应是 amd64。
set -euo pipefail

# @setup 临时目录、空闲端口、启动注册表的函数和清理；用 umoci 做一个只含 linux/amd64 的镜像索引，启动不要认证的 registry 2.8.2
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
start_registry() { # 按 config.yml 启动注册表；30 秒内 /v2/ 没有任何 HTTP 应答，就打印注册表的日志，实验就此失败
  docker-registry serve config.yml > registry.log 2>&1 &
  registry_pid=$!
  local i
  for i in $(seq 300); do
    curl -s -o /dev/null "http://$registry/v2/" && return 0
    sleep 0.1
  done
  cat registry.log >&2
  return 1
}
T=2024-01-01T00:00:00Z
umoci init --layout image
umoci new --image image:amd64
umoci unpack --image image:amd64 build >/dev/null
echo "built for linux/amd64" > build/rootfs/platform.txt
find build/rootfs -exec touch -h -d "$T" {} +
umoci repack --refresh-bundle --image image:amd64 --history.created "$T" --history.created_by 'COPY platform.txt /' build
umoci config --image image:amd64 --created "$T" --architecture amd64 --os linux --no-history
umoci gc --layout image
jq '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
     manifests: [.manifests[] | {mediaType, digest, size, platform: {architecture: "amd64", os: "linux"}}]}' \
  image/index.json > index.tmp
digest="sha256:$(sha256sum index.tmp | cut -d' ' -f1)"
mv index.tmp "image/blobs/sha256/${digest#sha256:}"
jq -n --arg digest "$digest" --argjson size "$(stat -c %s "image/blobs/sha256/${digest#sha256:}")" '{
  schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $digest, size: $size,
               annotations: {"org.opencontainers.image.ref.name": "1.0"}}]}' > image/index.json
cat > config.yml <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry-data
http:
  addr: $registry
YAML
start_registry

# 1. 先做一次正常的推送和拉取作为对照。demo/app:1.0 是一个镜像索引，只列了 linux/amd64 一个平台（见准备部分）。
#    本地注册表只讲明文 HTTP，所以 skopeo 都带 --tls-verify=false，第 8 步再看不带它会怎样。
skopeo copy -q --all --dest-tls-verify=false oci:image:1.0 "docker://$registry/demo/app:1.0"
skopeo copy -q --src-tls-verify=false "docker://$registry/demo/app:1.0" oci:pulled:1.0
skopeo inspect --tls-verify=false "docker://$registry/demo/app:1.0" | jq -c '{Digest, Architecture, Os}'

# 2. 标签不存在：skopeo 只说 manifest unknown。把仓库名拼错（demo/ap），报的也是这一句。
#    skopeo inspect 取不到清单时，报错以 Error parsing image name 开头，名字本身没问题，原因在最后一段。
if skopeo inspect --tls-verify=false "docker://$registry/demo/app:2.0"; then :; else echo "退出码：$?"; fi
if skopeo inspect --tls-verify=false "docker://$registry/demo/ap:1.0"; then :; else echo "退出码：$?"; fi

# 3. 确认：列出仓库的标签。仓库在，就看列表里有没有要的标签；仓库名错了，注册表回答 NAME_UNKNOWN。
curl -s "http://$registry/v2/demo/app/tags/list"; echo
curl -s "http://$registry/v2/demo/ap/tags/list"; echo

# 4. 按摘要拉取，仓库里却没有这个摘要：还是 manifest unknown。
#    常见于部署文件里钉死的是另一次构建的摘要，这里用一段文本的 SHA-256 代替。
old="sha256:$(printf 'another build' | sha256sum | cut -d' ' -f1)"
if skopeo inspect --tls-verify=false "docker://$registry/demo/app@$old"; then :; else echo "退出码：$?"; fi

# 5. 确认：HEAD 这个摘要是 404。再看标签 1.0 现在指向的摘要（响应头 Docker-Content-Digest），拿它和部署文件里的对比。
curl -s -o /dev/null -w '%{http_code}\n' -I "http://$registry/v2/demo/app/manifests/$old"
curl -sI -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$registry/v2/demo/app/manifests/1.0" \
  | tr -d '\r' | grep -i '^docker-content-digest:'

# 6. 平台不匹配：--override-arch arm64 模拟一台 arm64 机器。索引里没有 arm64，报错时还没下载任何 blob。
#    OCI 索引报 image index，Docker 的清单列表报 manifest list，说的是同一件事。
if skopeo copy -q --src-tls-verify=false --override-arch arm64 "docker://$registry/demo/app:1.0" oci:arm64:1.0; then :; else echo "退出码：$?"; fi

# 7. 确认：--raw 原样取回索引，不做平台选择，列出它实际有哪些平台。
skopeo inspect --raw --tls-verify=false "docker://$registry/demo/app:1.0" | jq -c '.manifests[] | {platform, digest}'

# 8. 协议不对：不带 --tls-verify=false，skopeo 只走 HTTPS，而这个端口讲的是明文 HTTP。
#    Docker 守护进程默认把 127.0.0.0/8 当作不安全注册表，docker pull 同一个地址不会报这个错；
#    skopeo、Podman、CRI-O 用的 containers/image 没有这个例外。
if skopeo inspect "docker://$registry/demo/app:1.0"; then :; else echo "退出码：$?"; fi

# 9. 确认：同一个端口，curl 走 HTTPS 握手失败，走 HTTP 得到 200。要么给注册表配上 TLS，
#    要么对这个注册表明确放行：registries.conf 里写 insecure = true，或者 skopeo 的 --tls-verify=false。
if curl -sS -o /dev/null "https://$registry/v2/"; then :; else echo "退出码：$?"; fi
curl -s -o /dev/null -w '%{http_code}\n' "http://$registry/v2/"

# 10. --tls-verify=false 不等于「用 HTTP」：skopeo 仍然先试 HTTPS，失败了才退回 HTTP。调试输出里能看到这个顺序。
#     inspect 连了两次注册表，awk 去掉重复的行。
skopeo --debug inspect --tls-verify=false "docker://$registry/demo/app:1.0" 2>&1 >/dev/null \
  | grep -oE 'Ping https?://[^ ]+/v2/ (err [^(]*[^( ]|status [0-9]+)' | awk '!seen[$0]++'

# 11. 内容被篡改：直接改注册表存储里那个层 blob 的一个字节，长度不变，模拟磁盘损坏或出了问题的缓存代理。
#     注册表照样把它发出去；skopeo 边下载边算 SHA-256，读完发现与清单里的摘要不符，整个拉取失败。
layer="$(skopeo inspect --tls-verify=false "docker://$registry/demo/app:1.0" | jq -r '.Layers[0]')"
blob="registry-data/docker/registry/v2/blobs/sha256/${layer:7:2}/${layer#sha256:}/data"
printf 'X' | dd of="$blob" bs=1 seek=100 conv=notrunc status=none
if skopeo copy -q --src-tls-verify=false "docker://$registry/demo/app:1.0" oci:tampered:1.0; then :; else echo "退出码：$?"; fi

# 12. 确认：自己下载这个 blob 算 SHA-256，和清单里写的摘要比。
#     响应头 Docker-Content-Digest 仍然是清单里那个值：注册表读取时不校验内容，只有客户端能发现。
echo "清单里的摘要：$layer"
curl -s "http://$registry/v2/demo/app/blobs/$layer" | sha256sum
curl -sI "http://$registry/v2/demo/app/blobs/$layer" | tr -d '\r' | grep -i '^docker-content-digest:'

# 13. 重新推送修不好：skopeo 先 HEAD 每个 blob，注册表说已存在（200），它就跳过上传，坏 blob 还在。
#     distribution 2.8.2 的源码注释：存储按内容寻址，路径已存在就认为内容已上传，「即使可能已损坏，检测损坏是别处的事」。
skopeo --debug copy -q --all --dest-tls-verify=false oci:image:1.0 "docker://$registry/demo/app:1.0" 2>&1 | grep -o 'Skipping blob [^ ]*'
if skopeo copy -q --src-tls-verify=false "docker://$registry/demo/app:1.0" oci:tampered:1.0; then :; else echo "退出码：$?"; fi

# 14. 修复：在注册表的存储里删掉这个坏 blob，HEAD 就变成 404；再推送一次，skopeo 重新上传，拉取恢复正常。
rm -r "$(dirname "$blob")"
curl -s -o /dev/null -w '%{http_code}\n' -I "http://$registry/v2/demo/app/blobs/$layer"
skopeo copy -q --all --dest-tls-verify=false oci:image:1.0 "docker://$registry/demo/app:1.0"
skopeo copy -q --src-tls-verify=false "docker://$registry/demo/app:1.0" oci:fixed:1.0
sha256sum "$blob"

# 15. 认证：停下注册表，同一个端口、同一份存储，换成要求 Basic 认证的配置再启动。htpasswd -B 生成 bcrypt 口令文件。
kill "$registry_pid"; wait "$registry_pid" || true
htpasswd -cBb htpasswd alice s3cret
cat >> config.yml <<YAML
auth:
  htpasswd:
    realm: oci-lab
    path: $work/htpasswd
YAML
start_registry

# 16. 没带凭据、口令错误，两种情况 skopeo 报的是同一句 unauthorized: authentication required，分不出是哪一种。
#     带上正确的 --creds 就能拉取。
if skopeo inspect --tls-verify=false "docker://$registry/demo/app:1.0"; then :; else echo "退出码：$?"; fi
if skopeo inspect --tls-verify=false --creds alice:wrong "docker://$registry/demo/app:1.0"; then :; else echo "退出码：$?"; fi
skopeo inspect --tls-verify=false --creds alice:s3cret "docker://$registry/demo/app:1.0" | jq -c '{Digest, Architecture, Os}'

# 17. 确认：curl -si 看到 401 和 WWW-Authenticate，说明注册表要 Basic 认证。再拿同一组凭据直接访问 /v2/：
#     401 是口令不对，200 是凭据没问题，那就该查客户端有没有把它带上。
curl -si "http://$registry/v2/demo/app/manifests/1.0" | tr -d '\r' | grep -iE '^(http/|www-authenticate:)'
curl -s -o /dev/null -w 'alice:wrong  → %{http_code}\n' -u alice:wrong "http://$registry/v2/"
curl -s -o /dev/null -w 'alice:s3cret → %{http_code}\n' -u alice:s3cret "http://$registry/v2/"

# 18. 注册表日志分得清：没有凭据时 skopeo 也发一个用户名、口令都为空的 Basic 头，日志里的用户名是空串。
#     前两行来自第 16 步的 skopeo，第三行是上一步 curl 的 alice:wrong。
grep -o 'error authenticating user [^:]*' registry.log
