#!/bin/sh
# veth-hook：给容器接一对 veth 的 OCI 钩子。createRuntime 时建立，poststop 时删除。
#
# 输入：标准输入上的容器状态（state JSON），不读命令行参数。
# 注解（同时是选择器）：
#   org.example.veth/address       容器端 eth0 的地址，如 10.213.0.2/30；没有它就跳过
#   org.example.veth/host-address  宿主机端的地址，如 10.213.0.1/30
#   两个地址都只接受 /30 前缀。生产环境应改为从允许的地址池里分配。
# 环境变量：
#   VETH_HOOK_LOG   日志文件，默认 /var/log/veth-hook.log
#   VETH_HOOK_LOCK  锁文件，默认 /run/veth-hook.lock
# 退出码：0 完成、跳过或本来就是目标状态；1 操作失败或缺少依赖；
#         2 输入有误，包括容器的配置不适用，例如与宿主机共用网络。
# 耗时：通常远不到 1 秒；等锁最多 5 秒，钩子配置里的 timeout 是 10 秒。
# 依赖：jq、ip（iproute2）、nsenter 和 flock（util-linux）、coreutils。
set -eu

# 不信任继承来的环境：PATH 和语言环境都自己定。
PATH=/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL
# 清掉注入动态库的变量，保护下面运行的 jq、ip 等命令。shell 自己启动时已经加载过它们，
# 这里清已经太迟，所以钩子条目里必须写 env，给出干净的环境。
unset LD_PRELOAD LD_LIBRARY_PATH
# 不依赖运行时给的工作目录：它随运行时和钩子种类而变，可能是 bundle 目录、rootfs 目录或调用者的目录。
# 切到 /，之后只用绝对路径。
cd /

log_file=${VETH_HOOK_LOG:-/var/log/veth-hook.log}
lock_file=${VETH_HOOK_LOCK:-/run/veth-hook.lock}
id=- action=-

# 每次调用只记一行日志。失败时另写一行到标准错误：
# runc 只在钩子失败时把它的输出放进报错，成功时全部丢弃。
finish() {
  code=$1
  shift
  printf '%s id=%s action=%s result=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$id" "$action" "$*" >>"$log_file" 2>/dev/null || true
  [ "$code" -eq 0 ] || printf 'veth-hook: %s\n' "$*" >&2
  exit "$code"
}

# 先确认依赖都在。缺命令是节点的问题，报退出码 1，免得在解析状态时被误报成输入有误。
for cmd in jq ip nsenter flock sha256sum; do
  command -v "$cmd" >/dev/null 2>&1 || finish 1 "missing command: $cmd"
done

# 状态只从标准输入读一次，之后都用这份副本。
state=$(cat)
printf '%s' "$state" | jq -se 'length == 1 and (.[0] | type == "object"
  and (.annotations == null or (.annotations | type) == "object"))' >/dev/null 2>&1 ||
  finish 2 "stdin is not a container state"
get() { printf '%s' "$state" | jq -r "$1"; }

# id 会进入日志和接口名：只接受安全的字符。在 jq 里检查原值：
# shell 的 $(...) 会去掉结尾的换行，检查取出来的值就晚了。\A、\z 匹配整个字符串的首尾。
printf '%s' "$state" | jq -e '.id | type == "string" and test("\\A[A-Za-z0-9_.-]+\\z")' >/dev/null ||
  finish 2 "bad container id"
id=$(get .id)

# 按状态分派。各运行时传的值不同：createRuntime 时 runc 传 creating，
# crun 1.8.1 传 created。所以只把 stopped 当作拆除，其余都是建立。
case $(get '.status | strings') in
'') finish 2 "state has no status" ;;
stopped) action=down ;;
*) action=up ;;
esac

# 注解就是选择器：没有地址注解的容器与本钩子无关。
addr=$(get '.annotations["org.example.veth/address"] | strings')
[ -n "$addr" ] || finish 0 skip

# 宿主机端接口名由 id 推出：vh 加 sha256 的前 12 位，共 14 个字符，
# 不超过内核 15 个字符的上限。不同容器几乎不会撞名，poststop 没有 pid 也能找到它。
hash=$(printf '%s' "$id" | sha256sum | cut -c1-12)
host_if=vh$hash peer_if=vp$hash

# 多个容器可能同时创建：用 flock 串行化。等锁有上限，且短于配置里的 timeout：
# 超时的钩子会被运行时 SIGKILL，既来不及回滚，也留不下日志。
command exec 9>>"$lock_file" || finish 1 "cannot open lock file $lock_file"
flock -w 5 9 || finish 1 "timed out waiting for $lock_file"

if [ "$action" = down ]; then
  # 链路已经不在就算成功：失败的 create 之后 runc 也会调用 poststop。
  ip link show dev "$host_if" >/dev/null 2>&1 || finish 0 absent
  # 删掉一端，整对 veth 随之消失，容器里的 eth0 也在内。
  ip link del dev "$host_if" || finish 1 "cannot delete $host_if"
  finish 0 deleted
fi

# 地址来自容器配置，不可信：必须是 IPv4 地址加 /30 前缀，每段 0–255。
# 不许有前导零：ip 会把 010 当成八进制的 8，配置的就不是检查过的地址了。
# 只接受 /30：更短的前缀会让宿主机把一大段地址路由进这个容器。
cidr_ok() {
  jq -ne --arg v "$1" '"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])" as $o
    | $v | test("\\A\($o)(\\.\($o)){3}/30\\z")' >/dev/null
}
host_addr=$(get '.annotations["org.example.veth/host-address"] | strings')
cidr_ok "$addr" || finish 2 "bad org.example.veth/address"
cidr_ok "$host_addr" || finish 2 "bad or missing org.example.veth/host-address"

# 建立时需要容器进程的 pid，它的网络命名空间就是容器的。
pid=$(get '.pid | numbers')
case $pid in '' | 0 | *[!0-9]*) finish 2 "state has no valid pid" ;; esac
netns=/proc/$pid/ns/net
ns_id=$(readlink "$netns") || finish 1 "cannot read $netns"
# 容器与钩子共用网络命名空间，比如配置里没有 network 命名空间：
# 这时再配置就是在改宿主机的网络，必须拒绝。
[ "$ns_id" != "$(readlink /proc/$$/ns/net)" ] ||
  finish 2 "container $id shares the host network namespace, refusing"
in_ns() { nsenter --net="$netns" "$@"; }

# 幂等：已经配好就什么也不做；只配了一半，比如上次被超时杀掉，就删掉重来。
if ip link show dev "$host_if" >/dev/null 2>&1; then
  host_now=$(ip -o -4 addr show dev "$host_if" 2>/dev/null) || host_now=
  ctr_now=$(in_ns ip -o -4 addr show dev eth0 2>/dev/null) || ctr_now=
  case "$host_now|$ctr_now" in
  *" inet $host_addr "*"|"*" inet $addr "*) finish 0 already ;;
  esac
  ip link del dev "$host_if" || finish 1 "cannot delete stale $host_if"
fi

# 先在宿主机上建一对 veth。从这里起，任何一步失败都要撤销。
# 宿主机端的地址最后才加：上面的 already 检查以它为准，有了它就说明前面各步都已完成。
ip link add "$host_if" type veth peer name "$peer_if" || finish 1 "cannot create $host_if"
if ! {
  ip link set dev "$peer_if" netns "$pid" &&
    in_ns ip link set dev "$peer_if" name eth0 &&
    in_ns ip addr add "$addr" dev eth0 &&
    in_ns ip link set dev lo up &&
    in_ns ip link set dev eth0 up &&
    in_ns ip route add default via "${host_addr%/*}" &&
    ip link set dev "$host_if" up &&
    ip addr add "$host_addr" dev "$host_if"
}; then
  # 撤销：删掉宿主机端，整对 veth 一起消失，失败的 create 不留残余。
  ip link del dev "$host_if" 2>/dev/null || true
  finish 1 "setup of $host_if failed, removed it"
fi
finish 0 ok
