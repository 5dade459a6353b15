#!/usr/bin/env bash
# @title 同一个应用的三种分层方式：首次拉取、更新时各传多少字节，注册表里存多少
# @tools umoci skopeo docker-registry openssl jq curl busybox
# @timeout 180
# 以 root 运行；不需要网络。三个注册表各自只监听 127.0.0.1 上的一个空闲端口，数据放在临时目录里。
# 录制环境：2 vCPU 虚拟机，Debian 12 用户空间。这里量的是字节数，输入和时间戳都固定，每次运行结果相同。
set -euo pipefail

# @setup 临时目录、清理，以及构建用的几个函数。bytes 用固定密钥的 AES-CTR 密钥流生成确定的、压不动的字节，
# 代表已经压缩过的依赖（.so、.jar、wheel 之类）。step 模拟 Dockerfile 的一条指令：解包上一步的镜像，改动根文件系统，
# 把这一步新写的文件的时间戳固定为这次构建的时刻，再打包成新的一层。
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
registry_pids=()
declare -A reg=()
cleanup() {
  local pid
  for pid in "${registry_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"
T1=2024-01-01T00:00:00Z
T2=2024-02-01T00:00:00Z
bytes() { head -c "$2" /dev/zero | openssl enc -aes-128-ctr -nosalt -K 6f63692d6c61622d6c61796572730000 -iv "$1"; }
add_base() { mkdir -p "$1/bin" "$1/etc"; cp /bin/busybox "$1/bin/busybox"; echo 'NAME="lab base"' > "$1/etc/os-release"; }
add_deps() { mkdir -p "$1/opt/deps"; for i in 1 2 3 4; do bytes "d000000000000000000000000000000$i" 1048576 > "$1/opt/deps/lib$i.so"; done; }
add_app() { # 用法：add_app 应用名 版本 根目录；内容由应用名和版本决定
  mkdir -p "$3/app"
  bytes "$(printf '%s' "$1 $2" | sha256sum | cut -c1-32)" 131072 > "$3/app/app.bin"
  echo "echo $1 v$2" > "$3/app/run.sh"
}
add_all() { add_base "$3"; add_deps "$3"; add_app "$1" "$2" "$3"; }
step() { # 用法：step 上一步的标签 新标签 构建时刻 指令说明 修改根文件系统的命令…
  local from="$1" to="$2" t="$3" by="$4"; shift 4
  rm -rf bundle; umoci unpack --image "image:$from" bundle >/dev/null
  touch -d '-2 sec' stamp # 解包出的文件保留层里的 2024 年时间戳，比 stamp 新的只有这一步写的文件
  "$@" bundle/rootfs
  find bundle/rootfs -newer stamp -exec touch -h -d "$t" {} +
  touch -h -d "$T1" bundle/rootfs
  umoci repack --image "image:$to" --history.created "$t" --history.created_by "$by" bundle
  umoci config --image "image:$to" --created "$t" --no-history
}
start_registry() { # 用法：start_registry 名字；在空闲端口上启动一个注册表，访问日志写到 名字.access.log，30 秒内不就绪则失败
  local name="$1" port="" candidate i
  for candidate in $(shuf -i 20000-32000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
  done
  [ -n "$port" ]
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$work/$name-data" "$port" > "$name.yml"
  docker-registry serve "$name.yml" > "$name.access.log" 2> "$name.log" &
  registry_pids+=("$!")
  for i in $(seq 300); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/v2/"; then reg[$name]="127.0.0.1:$port"; return 0; fi
    sleep 0.1
  done
  cat "$name.log" >&2
  return 1
}
pull() { # 用法：pull 名字 源 目的：skopeo 拉取，返回这次拉取在访问日志里的全部 GET 请求（方法、路径、状态、响应字节）
  local name="$1" mark
  mark="$(wc -l < "$name.access.log")"
  skopeo copy -q --src-tls-verify=false "docker://$2" "oci:$3"
  tail -n +"$((mark + 1))" "$name.access.log" | awk '$6 == "\"GET" {print "GET", $7, $9, $10}' | LC_ALL=C sort
}
sum() { awk '{s += $4} END {print s}' "$@"; }
manifest_of() { # 用法：manifest_of 标签：镜像布局里这个标签的清单文件
  local m
  m="$(jq -r --arg t "$1" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $t) | .digest' image/index.json)"
  echo "image/blobs/sha256/${m#sha256:}"
}
layer_of() { jq -r --argjson i "$2" '.layers[$i].digest' "$(manifest_of "$1")"; } # 用法：layer_of 标签 序号（从 0 数）
roles() { # 用法：roles 标签 GET 列表：加上表头，把摘要缩短到 12 位，并注明它是这个标签的配置还是第几层
  jq -r '"\(.config.digest[7:19]) 配置", (.layers | to_entries[] | "\(.value.digest[7:19]) 第 \(.key + 1) 层")' \
    "$(manifest_of "$1")" > roles.txt
  echo "方法 路径 状态 响应字节 说明"
  awk 'NR == FNR {d = $1; $1 = ""; r[d] = $0; next}
    {i = index($2, "sha256:"); if (i) {d = substr($2, i + 7, 12); $2 = substr($2, 1, i + 18) "…"; $0 = $0 r[d]} print}' roles.txt "$2"
}
has() { if grep -q "${1#sha256:}" "$2"; then echo 是; else echo 否; fi; } # 用法：has 摘要 GET 列表
stored() { find "$work/$1-data/docker/registry/v2/blobs" -name data -printf '%s\n' | awk '{s += $1} END {print s}'; }
umoci init --layout image
umoci new --image image:scratch
umoci config --image image:scratch --created "$T1" --architecture amd64 --os linux --no-history
step scratch base "$T1" 'FROM base' add_base

# 1. 同一个应用的三种构建，各做 v1、v2 两版，两版只差 /app。基础层是 1.9 MiB 的 busybox，依赖 4 MiB，应用 128 KiB。
#    A 把一切放进一层。B 按变化频率排成基础、依赖、应用三层，v2 从缓存里的依赖层接着构建。
#    C 是常见的粗心写法：先 COPY 应用，再 RUN 安装依赖。应用一变，它后面的缓存全部失效，依赖要重装。
#    重装写出的文件带着新的构建时刻，这里记为 T2。时间戳不被改写，依赖层的摘要就变了；
#    BuildKit 要显式开启 rewrite-timestamp 才会改写。
#    下面每行是一个镜像的各层：摘要前 12 位和压缩后的字节数。看 C-v2 的最后一层：内容没变，摘要变了。
step scratch A-v1 "$T1" 'COPY . /' add_all app 1
step scratch A-v2 "$T2" 'COPY . /' add_all app 2
step base B-deps "$T1" 'RUN install deps' add_deps
step B-deps B-v1 "$T1" 'COPY app /app' add_app app 1
step B-deps B-v2 "$T2" 'COPY app /app' add_app app 2
step base C-app1 "$T1" 'COPY app /app' add_app app 1
step C-app1 C-v1 "$T1" 'RUN install deps' add_deps
step base C-app2 "$T2" 'COPY app /app' add_app app 2
step C-app2 C-v2 "$T2" 'RUN install deps' add_deps
for tag in A-v1 A-v2 B-v1 B-v2 C-v1 C-v2; do
  jq -r --arg t "$tag" '"\($t):" + ([.layers[] | " \(.digest[7:19]) \(.size)"] | join(" |"))' "$(manifest_of "$tag")"
done

# 2. 每种做法一个独立的注册表，即 distribution 2.8.2，把 v1、v2 都推上去。注册表按摘要存 blob，同一摘要只存一份。
#    注册表的访问日志是 Apache combined 格式，每个请求一行，记着响应体的字节数。后面就用它量网络上传了多少。
for b in A B C; do
  start_registry "$b"
  skopeo copy -q --dest-tls-verify=false "oci:image:$b-v1" "docker://${reg[$b]}/demo/app:v1"
  skopeo copy -q --dest-tls-verify=false "oci:image:$b-v2" "docker://${reg[$b]}/demo/app:v2"
done

# 3. 「节点」是一个空的 OCI 镜像布局。先拉 v1，所有 blob 都要下载。再把 v2 拉进同一个布局：
#    本地已有的层，skopeo 直接复用，只下载缺的；配置 blob 很小，总是重新取。
#    下面是 B 这次更新在访问日志里的全部 GET：探测、清单、配置和一个应用层。
for b in A B C; do
  pull "$b" "${reg[$b]}/demo/app:v1" "node-$b:v1" > "$b-first.txt"
  pull "$b" "${reg[$b]}/demo/app:v2" "node-$b:v2" > "$b-update.txt"
done
roles B-v2 B-update.txt

# 4. 汇总，单位 KiB。拉取是访问日志里 GET 响应体之和，含清单和配置；存储是注册表 blobs 目录里数据文件之和。
#    首次拉取三种做法几乎一样：分层本身不省首次拉取。差别在更新：A 每次重传整个镜像，存储也翻倍；
#    B 只传应用层的一百多 KiB。C 的内容与 B 完全相同，只是顺序反了，依赖层跟着重建，传输和存储都接近 A。
echo "做法        首次拉取      更新  存储 v1+v2"
for b in A B C; do
  case "$b" in A) label="A 单层    " ;; B) label="B 依赖在前" ;; C) label="C 应用在前" ;; esac
  awk -v l="$label" -v f="$(sum "$b-first.txt")" -v u="$(sum "$b-update.txt")" -v s="$(stored "$b")" \
    'BEGIN {printf "%s  %8.1f  %8.1f  %10.1f\n", l, f / 1024, u / 1024, s / 1024}'
done

# 5. 第二个应用：同一套基础和依赖，只有 /app 不同。A 的做法下它又是一个完整的单层；
#    B 的做法下，它与第一个应用共享基础层和依赖层。推到各自的注册表，再拉到已有第一个应用的节点上。
#    统一基础镜像和依赖层的收益在这里：注册表和节点都只多出一个应用层。
step scratch A-other "$T1" 'COPY . /' add_all other 1
step B-deps B-other "$T1" 'COPY app /app' add_app other 1
for b in A B; do
  before="$(stored "$b")"
  skopeo copy -q --dest-tls-verify=false "oci:image:$b-other" "docker://${reg[$b]}/demo/other:v1"
  pull "$b" "${reg[$b]}/demo/other:v1" "node-$b:other" > "$b-other.txt"
  awk -v b="$b" -v s="$(($(stored "$b") - before))" -v p="$(sum "$b-other.txt")" \
    'BEGIN {printf "%s：注册表多存 %.1f KiB，节点多拉 %.1f KiB\n", b, s / 1024, p / 1024}'
done

# 6. 结论由上面的数据算出，换一种分层，答案就可能是「否」。
echo "B 的更新下载了应用层：$(has "$(layer_of B-v2 2)" B-update.txt)，依赖层：$(has "$(layer_of B-v2 1)" B-update.txt)"
echo "C 的更新下载了应用层：$(has "$(layer_of C-v2 1)" C-update.txt)，依赖层：$(has "$(layer_of C-v2 2)" C-update.txt)"
awk -v af="$(sum A-first.txt)" -v a="$(sum A-update.txt)" -v b="$(sum B-update.txt)" -v c="$(sum C-update.txt)" \
  -v sa="$(stored A)" -v sb="$(stored B)" 'BEGIN {
  printf "A 的更新超过首次拉取的九成：%s\n", (a > 0.9 * af) ? "是" : "否"
  printf "C 的更新是 B 的 10 倍以上：%s\n", (c > 10 * b) ? "是" : "否"
  printf "B 的注册表存储不到 A 的六成：%s\n", (sb < 0.6 * sa) ? "是" : "否" }'
