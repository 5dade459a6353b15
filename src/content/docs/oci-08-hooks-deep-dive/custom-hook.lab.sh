#!/usr/bin/env bash
# @title 自定义钩子：用 createRuntime 和 poststop 给容器接一对 veth，验证幂等、输入检查和失败回滚
# @tools runc jq busybox ip nsenter flock sha256sum dash
# @timeout 60
# @mask \bvh[0-9a-f]{12}\b => vh<id 的哈希>
# @mask ^[0-9]+: eth0 => <序号>: eth0
# @mask @if[0-9]+ => @if<序号>
# 以 root 在本示例目录中运行（脚本会读取同目录的 veth-hook.sh 和 veth-hook.json）。只用本机，不需要网络。
set -euo pipefail

# @setup 记下示例目录，建临时工作目录和唯一的容器 ID；清理时删掉容器、残留的 veth 和命名空间
here="$PWD"
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in "$id" "$id-plain" "$id-hostnet" "$id-busy"; do
    runc --root "$work/runc" delete -f "$name" >/dev/null 2>&1 || true
    ip link del "vh$(printf '%s' "$name" | sha256sum | cut -c1-12)" >/dev/null 2>&1 || true
  done
  ip netns del "$id" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. hooks.d 文件：hook 是一个普通的钩子条目，when 按注解挑容器，stages 列出要放进的阶段。
#    这里用 jq 模拟 Podman、CRI-O 的钩子管理器：注解匹配 when，就把 hook 追加到每个阶段下。
#    path 换成本机的副本，日志和锁文件改到临时目录。
jq -c . "$here/veth-hook.json"
cp "$here/veth-hook.sh" veth-hook
chmod +x veth-hook
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle
jq --slurpfile d "$here/veth-hook.json" --arg path "$work/veth-hook" --arg log "$work/veth-hook.log" \
  --arg lock "$work/veth-hook.lock" '$d[0] as $d
  | .process.terminal = false | .process.args = ["/bin/busybox", "sleep", "30"]
  | .annotations = {"org.example.veth/address": "10.213.0.2/30", "org.example.veth/host-address": "10.213.0.1/30"}
  | .annotations as $a
  | if $d.when.annotations | to_entries
      | all(.key as $k | .value as $v | $a | to_entries | any((.key | test($k)) and (.value | test($v))))
    then ($d.hook | .path = $path | .env = [(.env[] | select(startswith("VETH_HOOK_LOG=") | not)),
        "VETH_HOOK_LOG=\($log)", "VETH_HOOK_LOCK=\($lock)"]) as $e
      | .hooks = reduce $d.stages[] as $s ({}; .[$s] += [$e])
    else . end' bundle/config.json > config.json
mv config.json bundle/config.json
jq -c '.hooks | map_values(length)' bundle/config.json
jq -c '.hooks.createRuntime[0]' bundle/config.json

# 2. create 时 createRuntime 钩子接好网络，start 之后容器里已有 eth0 和默认路由，宿主机能 ping 通它。
#    宿主机端的名字由 id 推出，这里用同样的算法算出来。日志每次调用一行。
runc --root "$work/runc" create --bundle bundle "$id"
runc --root "$work/runc" start "$id"
runc --root "$work/runc" exec "$id" /bin/busybox ip -o -4 addr show dev eth0
runc --root "$work/runc" exec "$id" /bin/busybox ip route
hif="vh$(printf '%s' "$id" | sha256sum | cut -c1-12)"
ip -br -4 addr show dev "$hif" | awk '{print $1, $3}'
busybox ping -c 1 -W 2 10.213.0.2 | grep transmitted
cat veth-hook.log

# 3. 像运行时那样把状态从标准输入交给钩子，再调用一次：退出码 0，结果 already，没有多出任何东西。
#    env -i 清空环境，钩子自己设 PATH。删掉宿主机端后并发调用两次：锁让它们排队，一个重建，一个发现已经建好。
hook() { env -i VETH_HOOK_LOG="$work/veth-hook.log" VETH_HOOK_LOCK="$work/veth-hook.lock" "$work/veth-hook"; }
runc --root "$work/runc" state "$id" > state.json
if hook < state.json; then echo "退出码：0"; else echo "退出码：$?"; fi
tail -n 1 veth-hook.log
n_host=$(ip -o -4 addr show dev "$hif" | wc -l)
n_ctr=$(runc --root "$work/runc" exec "$id" /bin/busybox ip -o -4 addr show dev eth0 | wc -l)
echo "宿主机端地址数：$n_host，容器 eth0 地址数：$n_ctr"
ip link del dev "$hif"
hook < state.json & hook < state.json & wait
tail -n 2 veth-hook.log | sed 's/.* result=//' | sort
busybox ping -c 1 -W 2 10.213.0.2 | grep transmitted

# 4. 坏输入一律退出码 2，不碰网络：空输入、不是 JSON、地址注解不合法。
#    没有地址注解就跳过：钩子若直接写进配置，比如 containerd 的 base_runtime_spec，就会被每个容器调用。
#    容器与宿主机共用网络命名空间时，钩子拒绝配置，create 失败，报错里带着钩子的标准错误。
#    runc 随后照样调用 poststop，它没有东西要删。
if hook < /dev/null; then echo "退出码：0"; else echo "退出码：$?"; fi
if echo 'not json' | hook; then echo "退出码：0"; else echo "退出码：$?"; fi
if jq '.annotations["org.example.veth/address"] = "10.213.0.2"' state.json | hook; then echo "退出码：0"; else echo "退出码：$?"; fi
jq 'del(.annotations)' bundle/config.json > plain.json
cp -r bundle plain && mv plain.json plain/config.json
runc --root "$work/runc" create --bundle plain "$id-plain"
runc --root "$work/runc" delete -f "$id-plain"
grep -- "-plain " veth-hook.log | sed 's/^[^ ]* //'
jq 'del(.linux.namespaces[] | select(.type == "network"))' bundle/config.json > hostnet.json
cp -r bundle hostnet && mv hostnet.json hostnet/config.json
if runc --root "$work/runc" create --bundle hostnet "$id-hostnet"; then echo "已创建"; else echo "退出码：$?"; fi
grep -- "-hostnet " veth-hook.log | sed 's/^[^ ]* //'
if ip link show dev "vh$(printf '%s' "$id-hostnet" | sha256sum | cut -c1-12)" >/dev/null 2>&1; then echo "宿主机端：存在"; else echo "宿主机端：不存在"; fi

# 5. 中途失败要回滚。这个容器加入一个事先建好的网络命名空间，像 Podman、CNI 那样，里面已经有一块 eth0：
#    veth 建好并移进去之后，改名为 eth0 失败。钩子删掉宿主机端，整对 veth 随之消失，create 失败。
#    runc 随后调用 poststop，它发现链路不在，照样退出码 0。命名空间里只剩事先建好的那对 eth0、other0，
#    钩子建的那对 vp… 已经不见了。删掉冲突的 eth0 再试，create 成功。
ip netns add "$id"
ip -n "$id" link add eth0 type veth peer name other0
jq --arg ns "/run/netns/$id" '.linux.namespaces |= map(if .type == "network" then .path = $ns else . end)
  | .annotations = {"org.example.veth/address": "10.213.0.6/30", "org.example.veth/host-address": "10.213.0.5/30"}' \
  bundle/config.json > busy.json
cp -r bundle busy && mv busy.json busy/config.json
if runc --root "$work/runc" create --bundle busy "$id-busy"; then echo "已创建"; else echo "退出码：$?"; fi
grep -- "-busy " veth-hook.log | sed 's/^[^ ]* //'
bif="vh$(printf '%s' "$id-busy" | sha256sum | cut -c1-12)"
if ip link show dev "$bif" >/dev/null 2>&1; then echo "宿主机端：存在"; else echo "宿主机端：不存在"; fi
ip -n "$id" -br link | cut -d ' ' -f 1
ip -n "$id" link del eth0
runc --root "$work/runc" create --bundle busy "$id-busy"
tail -n 1 veth-hook.log | sed 's/^[^ ]* //'

# 6. 删除容器。runc 自己建的网络命名空间随最后一个进程消失，内核顺带删掉整对 veth，
#    所以 poststop 看到的是 absent。事先建好的命名空间还在，poststop 真正删掉宿主机端。
#    再交给钩子一次 stopped 状态，链路已经不在，照样退出码 0。
runc --root "$work/runc" kill "$id" KILL
until [ "$(runc --root "$work/runc" state "$id" | jq -r .status)" = stopped ]; do sleep 0.1; done
for _ in $(seq 100); do ip link show dev "$hif" >/dev/null 2>&1 || break; sleep 0.1; done
if ip link show dev "$hif" >/dev/null 2>&1; then echo "宿主机端：存在"; else echo "宿主机端：随命名空间消失"; fi
runc --root "$work/runc" delete "$id"
runc --root "$work/runc" delete -f "$id-busy"
tail -n 2 veth-hook.log | sed 's/^[^ ]* //'
if ip link show dev "$bif" >/dev/null 2>&1; then echo "宿主机端：存在"; else echo "宿主机端：不存在"; fi
ip -n "$id" -br link | cut -d ' ' -f 1
if jq '.status = "stopped" | del(.pid)' state.json | hook; then echo "退出码：0"; else echo "退出码：$?"; fi
tail -n 1 veth-hook.log | sed 's/^[^ ]* //'
