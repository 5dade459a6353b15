#!/usr/bin/env bash
# @title 可复现的构建：同样的输入得到同样的摘要，以及时间戳怎样悄悄破坏它
# @tools umoci jq
# @timeout 90
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录和清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"

# 1. 一个构建函数：在新目录里从零建一个单层镜像。参数：目录名、文件时间戳、镜像的 created 时间、文件属主。
#    第二个参数为 now 时不固定文件时间戳，文件保留写入时的当前时间。
build() {
  local dir="$1" mtime="$2" created="$3" owner="${4:-0}"
  mkdir "$dir"
  umoci init --layout "$dir/image"
  umoci new --image "$dir/image:1.0"
  umoci unpack --image "$dir/image:1.0" "$dir/build" >/dev/null
  mkdir -p "$dir/build/rootfs/app"
  printf 'print("hello")\n' > "$dir/build/rootfs/app/main.py"
  printf 'requests==2.32.3\n' > "$dir/build/rootfs/app/requirements.txt"
  chown -R "$owner:$owner" "$dir/build/rootfs/app"
  [ "$mtime" = now ] || find "$dir/build/rootfs" -exec touch -h -d "$mtime" {} +
  umoci repack --refresh-bundle --image "$dir/image:1.0" --history.created "$created" --history.created_by 'COPY app /app' "$dir/build"
  umoci config --image "$dir/image:1.0" --created "$created" --architecture amd64 --os linux --no-history
  umoci gc --layout "$dir/image"
}
digests() {
  local image="$1/image" manifest
  manifest="$(jq -r '.manifests[0].digest' "$image/index.json")"
  jq -r --arg m "$manifest" '[$m, .config.digest, .layers[0].digest] | join(" ")' "$image/blobs/sha256/${manifest#sha256:}"
}
compare() {
  local -a x y
  read -r -a x <<<"$(digests "$1")"
  read -r -a y <<<"$(digests "$2")"
  same() { if [ "${x[$1]}" = "${y[$1]}" ]; then echo 相同; else echo 不同; fi; }
  echo "$1 与 $2：清单$(same 0)，配置$(same 1)，层$(same 2)"
}

# 2. 两次构建，文件时间戳和 created 都固定为同一时刻（相当于构建工具的 SOURCE_DATE_EPOCH）：三个摘要全部相同。
build a 2024-01-01T00:00:00Z 2024-01-01T00:00:00Z
build b 2024-01-01T00:00:00Z 2024-01-01T00:00:00Z
digests a
compare a b

# 3. 文件时间戳固定，但 created 用当前时间：层不变，配置变了，清单也跟着变。
build c 2024-01-01T00:00:00Z "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
compare a c

# 4. 不固定文件时间戳：tar 头里的 mtime 不同，层的摘要就变了，配置里的 DiffID 和清单随之全变。
build d now 2024-01-01T00:00:00Z
compare a d

# 5. 文件属主也写在 tar 头里：内容和时间戳都一样，只把 /app 的属主从 0 换成 1000，层就不同了。
build e 2024-01-01T00:00:00Z 2024-01-01T00:00:00Z 1000
compare a e
