#!/usr/bin/env bash
# @title 按摘要晋级与保留策略：从 staging 仓库晋级到 prod，标签会变、摘要不会，删除后垃圾回收能收回多少
# @tools docker-registry skopeo umoci curl jq openssl busybox
# @timeout 120
# @mask 127\.0\.0\.1:[0-9]+ => 127.0.0.1:<端口>
# 以 root 运行；注册表只监听 127.0.0.1 上的空闲端口，数据放在临时目录里。录制环境：2 vCPU 虚拟机，Debian 12 用户空间。
# 镜像的基础层就是 Debian busybox-static 的 /bin/busybox，所以字节数随 busybox 和 umoci 的版本而定；同一版本下每次都一样。
set -euo pipefail

# @setup 临时目录、两个空闲端口、启动注册表和汇总访问日志的函数、清理；用 umoci 做三个可重现的构建；启动两个 registry 2.8.2，主注册表允许删除
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
registry_pid=""
other_pid=""
cleanup() {
  local p
  for p in $registry_pid $other_pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"
free_port() { # 20000-32000 里一个没人监听、也不等于 $1 的端口
  local candidate
  for candidate in $(shuf -i 20000-32000 -n 50); do
    [ "$candidate" != "${1:-}" ] || continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  return 1
}
port="$(free_port)"
registry="127.0.0.1:$port"
other="127.0.0.1:$(free_port "$port")"
wait_http() { # 30 秒内 /v2/ 没有任何 HTTP 应答，就打印注册表的日志，实验就此失败
  local i
  for i in $(seq 300); do curl -s -o /dev/null "http://$1/v2/" && return 0; sleep 0.1; done
  cat "$2" >&2
  return 1
}
start_registry() {
  docker-registry serve config.yml >> registry.log 2>&1 &
  registry_pid=$!
  wait_http "$registry" registry.log
}
stop_registry() { kill "$registry_pid"; wait "$registry_pid" || true; registry_pid=""; }
T=2024-01-01T00:00:00Z
umoci init --layout image
umoci new --image image:base
umoci config --image image:base --created "$T" --history.created "$T" --architecture "$(dpkg --print-architecture)" --os linux
umoci unpack --image image:base build >/dev/null
mkdir -p build/rootfs/bin
cp /bin/busybox build/rootfs/bin/busybox
touch -h -d "$T" build/rootfs/bin/busybox build/rootfs/bin build/rootfs
umoci repack --image image:base --history.created "$T" --history.created_by 'base: busybox' build
rm -rf build
for v in 1 2 3; do
  umoci tag --image image:base "build-$v"
  umoci unpack --image "image:build-$v" build >/dev/null
  mkdir build/rootfs/app
  head -c 262144 /dev/zero \
    | openssl enc -aes-128-ctr -nosalt -K "$(printf '%032x' "$v")" -iv 00000000000000000000000000000000 > build/rootfs/app/app.bin
  printf 'build-%s\n' "$v" > build/rootfs/app/VERSION
  touch -h -d "$T" build/rootfs/app/app.bin build/rootfs/app/VERSION build/rootfs/app build/rootfs
  umoci repack --image "image:build-$v" --history.created "$T" --history.created_by "app build-$v" build
  umoci config --image "image:build-$v" --created "$T" --history.created "$T" \
    --config.label "org.opencontainers.image.version=build-$v"
  rm -rf build
done
umoci gc --layout image
for v in 1 2 3; do # names.tsv：摘要、字节数、名字，供下面把日志和回收结果里的摘要换成名字
  m="$(jq -r --arg t "build-$v" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $t) | .digest' image/index.json)"
  f="image/blobs/sha256/${m#sha256:}"
  printf '%s\t%s\t%s\n' "$m" "$(stat -c %s "$f")" "清单 $v"
  jq -r --arg v "$v" '.config | [.digest, .size, "配置 \($v)"] | @tsv' "$f"
  jq -r '.layers[0] | [.digest, .size, "基础层"] | @tsv' "$f"
  jq -r --arg v "$v" '.layers[1] | [.digest, .size, "应用层 \($v)"] | @tsv' "$f"
done | sort -u > names.tsv
traffic() { # 在注册表 $1 的访问日志 $2 里，汇总上一次调用以来有哪些 blob 是上传的、哪些是挂载的
  local mark=$(($(cat mark.txt 2>/dev/null || echo 0) + 1)) # 计数放在文件里：在管道的子 shell 里调用也不会重复
  echo "$mark" > mark.txt
  curl -s -o /dev/null "http://$1/v2/?mark=$mark"
  local i
  for i in $(seq 300); do grep -q "GET /v2/?mark=$mark " "$2" && break; [ "$i" -lt 300 ]; sleep 0.1; done
  awk -v b="GET /v2/?mark=$mark " '/GET \/v2\/\?mark=/ {if (index($0, b)) exit; buf = ""; next} {buf = buf $0 "\n"} END {printf "%s", buf}' "$2" \
    | sed -nE 's/.*"PUT [^ ]*\/blobs\/uploads\/[^ ]*digest=sha256%3A([0-9a-f]{64})[^ ]* HTTP\/1\.1" 201 .*/上传 sha256:\1/p
      s/.*"POST [^ ]*mount=sha256%3A([0-9a-f]{64})[^ ]* HTTP\/1\.1" 201 .*/挂载 sha256:\1/p
      s/.*"PUT [^ ]*\/manifests\/[^ ]* HTTP\/1\.1" 201 .*/清单 -/p' > moves.txt
  LC_ALL=C awk -F'\t' 'NR == FNR {size[$1] = $2; name[$1] = $3; next} {split($0, a, " "); print a[1] "\t" name[a[2]] "\t" size[a[2]]}' \
    names.tsv moves.txt | LC_ALL=C sort | LC_ALL=C awk -F'\t' '{n[$1]++; bytes[$1] += $3; names[$1] = names[$1] (names[$1] == "" ? "" : "、") $2}
    END {
      printf "上传 %d 个 blob，%d 字节：%s\n", n["上传"], bytes["上传"], (n["上传"] ? names["上传"] : "无")
      printf "挂载 %d 个 blob，%d 字节：%s\n", n["挂载"], bytes["挂载"], (n["挂载"] ? names["挂载"] : "无")
      printf "推送清单 %d 次\n", n["清单"]
    }'
}
store() { # 注册表的 blob 存储里有多少个 blob、共多少字节（清单也是 blob）
  find registry-data/docker/registry/v2/blobs -type f -name data -printf '%s\n' \
    | awk -v what="$1" '{n++; s += $1} END {printf "%s：%d 个 blob，%d 字节\n", what, n, s}' | tee -a store.txt
}
named() { # 把回收日志里可删除的清单和 blob 换成 names.tsv 里的名字和字节数，排序后输出
  LC_ALL=C awk -F'\t' 'NR == FNR {name[$1] = $3 "（" $2 " 字节）"; next}
    match($0, /sha256:[0-9a-f]+/) {
      d = substr($0, RSTART, RLENGTH); split($0, w, " ")
      print ((w[1] == "manifest") ? "要删除的清单：" : "要回收的 blob：") ((d in name) ? name[d] : d)
    }' names.tsv - | LC_ALL=C sort
}
digest_of() { # 按标签或摘要 HEAD 一个清单，打印注册表给出的 Docker-Content-Digest
  curl -sfI -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$1/v2/$2/manifests/$3" \
    | tr -d '\r' | sed -n 's/^Docker-Content-Digest: //Ip'
}
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
cat > other.yml <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/other-data
http:
  addr: $other
YAML
docker-registry serve other.yml > other.log 2>&1 &
other_pid=$!
wait_http "$other" other.log
copy() { skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "$@"; }

# 1. CI 把三次构建按标签推到 staging/app。三个镜像共用一个约 1 MB 的基础层，各有一个 256 KiB 的应用层。
#    traffic 汇总注册表的访问日志，名字来自本地的镜像布局。基础层只在第一次上传；之后 skopeo 先发 HEAD，得知它已在仓库里，就跳过了。
for v in 1 2 3; do
  copy "oci:image:build-$v" "docker://$registry/staging/app:build-$v"
  echo "--- build-$v 推到 staging/app"
  traffic "$registry" registry.log
done
for v in 1 2 3; do echo "staging/app:build-$v → $(digest_of "$registry" staging/app "build-$v")"; done

# 2. build-2 通过了测试，晋级到 prod/app:1.0。先把标签解析成摘要，再按摘要复制：即使这期间有人又推了 build-2，复制的仍是测过的那一份。
#    --preserve-digests 让 skopeo 在不得不改写清单时报错，而不是悄悄换一个摘要。
#    两个层是跨仓库挂载的（POST ?mount=…&from=staging/app）：挂载的字节只是登记到 prod/app，不经网络。
#    skopeo 1.9 对配置不做挂载，总是读出再上传，所以实际传输的只有几百字节的配置和清单。
#    它知道能从 staging/app 挂载，靠的是本机的 blob 缓存：root 用户的缓存在 /var/lib/containers/cache。
d2="$(digest_of "$registry" staging/app build-2)"
copy --preserve-digests --digestfile promoted.txt "docker://$registry/staging/app@$d2" "docker://$registry/prod/app:1.0"
traffic "$registry" registry.log | tee same-traffic.txt
echo "prod/app:1.0 → $(digest_of "$registry" prod/app 1.0)"
if [ "$(cat promoted.txt)" = "$d2" ] && [ "$(digest_of "$registry" prod/app 1.0)" = "$d2" ]; then s=是; else s=否; fi
echo "晋级前后摘要相同，没有重新构建：$s"

# 3. 对照：prod 若是另一台注册表（准备部分已启动），同样按摘要复制，摘要照样不变，但无处可挂载，每个 blob 都要完整传一遍。
#    用不同的注册表隔离环境，每次晋级都传整个镜像；用同一注册表的不同仓库，只传配置和清单。
copy --preserve-digests "docker://$registry/staging/app@$d2" "docker://$other/prod/app:1.0"
traffic "$other" other.log | tee other-traffic.txt
echo "另一台注册表的 prod/app:1.0 → $(digest_of "$other" prod/app 1.0)"
same="$(sed -n 's/^上传 [0-9]* 个 blob，\([0-9]*\) 字节.*/\1/p' same-traffic.txt)"
cross="$(sed -n 's/^上传 [0-9]* 个 blob，\([0-9]*\) 字节.*/\1/p' other-traffic.txt)"
echo "跨注册表晋级上传的 blob 字节是同一注册表内的 $((cross / same)) 倍"

# 4. 标签是可变的：有人误把 build-3 推成了 prod/app:1.0，注册表照单全收，没有任何警告。2.8.2 的配置里没有禁止覆盖标签的选项。
#    之后按标签拉取的客户端拿到 build-3；按摘要固定的客户端仍拿到 build-2，字节与晋级时相同。
#    build-2 的清单在 prod/app 里已没有标签，但仍然存在。第 7 步会看到这一点的代价。
copy "docker://$registry/staging/app:build-3" "docker://$registry/prod/app:1.0"
traffic "$registry" registry.log
curl -s "http://$registry/v2/prod/app/tags/list"
by_tag="$(digest_of "$registry" prod/app 1.0)"
echo "按标签 prod/app:1.0 → $by_tag"
curl -s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$registry/v2/prod/app/manifests/$d2" > pinned.json
echo "按摘要 prod/app@$d2 → sha256:$(sha256sum pinned.json | cut -d ' ' -f 1)"
if [ "$by_tag" = "$d2" ]; then s=是; else s=否; fi
echo "按标签拉取的仍是晋级的 build-2：$s"
if [ "sha256:$(sha256sum pinned.json | cut -d ' ' -f 1)" = "$d2" ]; then s=是; else s=否; fi
echo "按摘要拉取的仍是晋级的 build-2：$s"

# 5. staging 的保留策略：只留最新的一次构建。旧的两个清单按摘要删除，2.8.2 只接受按摘要删除。两个都回答 202，指向它们的标签随之消失。
#    删除只是去掉 staging/app 里的引用：prod/app 里的 build-2 照样能取，blob 存储一个字节也没少。
d1="$(digest_of "$registry" staging/app build-1)"
store '删除前'
for d in "$d1" "$d2"; do curl -s -o /dev/null -w "DELETE staging/app@$d → %{http_code}\n" -X DELETE "http://$registry/v2/staging/app/manifests/$d"; done
curl -s "http://$registry/v2/staging/app/tags/list"
curl -s -o /dev/null -w "prod/app@$d2 → %{http_code}\n" -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "http://$registry/v2/prod/app/manifests/$d2"
store '删除后'

# 6. 空间要靠垃圾回收（garbage-collect）收回。它先标记、再清除；文档要求运行时注册表停下或处于只读模式，所以先停。
#    默认的回收会标记每个仓库里的所有清单，有没有标签都算。于是只收回 build-1 独有的三个 blob：
#    基础层还被 build-3 引用，build-2 还在 prod/app 里，都留下了。
stop_registry
docker-registry garbage-collect config.yml > gc.log 2>&1
grep 'blobs marked' gc.log
grep 'eligible for deletion:' gc.log | named
store '回收后'
got="$(grep 'eligible for deletion:' gc.log | named | sed 's/（.*//' | tr '\n' ' ')"
if [ "$got" = "$(printf '要回收的 blob：%s\n' '应用层 1' '配置 1' '清单 1' | LC_ALL=C sort | tr '\n' ' ')" ]; then s=是; else s=否; fi
echo "收回的正好是 build-1 独有的 blob：$s"
base="$(awk -F'\t' '$3 == "基础层" {print $1}' names.tsv)"
if [ -f "registry-data/docker/registry/v2/blobs/sha256/${base:7:2}/${base#sha256:}/data" ]; then s=是; else s=否; fi
echo "共享的基础层仍在：$s"

# 7. 加上 --delete-untagged，回收会删掉没有标签指向的清单，再回收它们的 blob。先用 --dry-run 看它要删什么：
#    正是 prod/app 里被第 4 步挤掉标签的 build-2，也就是客户端按摘要固定的那一份。试运行不删任何数据。
docker-registry garbage-collect --dry-run --delete-untagged config.yml > dry.log 2>&1
grep 'blobs marked' dry.log
grep 'eligible for deletion:' dry.log | named
store '试运行后'

# 8. 真的执行，再启动注册表：按摘要固定 build-2 的客户端从此拉不到了，404。
#    只要有工作负载按摘要部署，而标签又可能被覆盖，--delete-untagged 就不能直接当作保留策略。
docker-registry garbage-collect --delete-untagged config.yml > gc2.log 2>&1
grep 'blobs marked' gc2.log
store '再次回收后'
start_registry
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$registry/v2/prod/app/manifests/$d2")"
echo "prod/app@$d2 → $code"
if [ "$code" = 200 ]; then s=是; else s=否; fi
echo "按摘要固定 build-2 的客户端还能拉取：$s"

# 9. 汇总：删除清单不释放空间，回收才释放。每次收回的只是不再被任何清单引用的 blob，共享的基础层一直留着。
cat store.txt
awk -F'：' '{split($2, a, "，"); b[NR] = a[2] + 0} END {
  printf "删除清单本身释放了空间：%s\n", (b[2] < b[1]) ? "是" : "否"
  printf "试运行删除了数据：%s\n", (b[4] < b[3]) ? "是" : "否"
  printf "两次回收共收回 %d 字节，占删除前的 %.1f%%\n", b[1] - b[5], 100 * (b[1] - b[5]) / b[1]
}' store.txt
