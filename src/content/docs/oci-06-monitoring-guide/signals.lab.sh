#!/usr/bin/env bash
# @title 信号与退出码：1 号进程为什么收不到 TERM，137 和 143 从哪里来，宽限期怎样收场
# @tools runc jq busybox tini ps
# @timeout 90
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理：先停掉后台的 runc run，再删容器
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
declare -A runs=()
cleanup() {
  for pid in "${runs[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for name in sleep wrapper trap-fg trap-bg tini; do
    runc --root "$work/runc" delete -f "$id-$name" >/dev/null 2>&1 || true
  done
  wait
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 几个小工具。start 建一个 bundle，用前台模式的 runc run 在后台启动容器：runc 是容器进程的父进程，
#    容器退出时 runc run 以容器的退出码退出，finish 把它打印出来。--keep 让退出后的容器留在 stopped 状态。
#    start 等到 1 号进程已换成用户程序；sleep 600 若是它的子进程，也等子进程启动。这时信号处理都已设好。
#    term_bits 读 1 号进程的三个信号位图，TERM 是 15 号信号，对应 0x4000 这一位：
#    SigBlk 是阻塞，SigIgn 是忽略，SigCgt 是装了处理函数。
mkdir -p rootfs/bin
cp /bin/busybox rootfs/bin/busybox
cp /usr/bin/tini-static rootfs/tini
wait_for() {
  local deadline=$((SECONDS + $1))
  until eval "$2"; do
    if [ "$SECONDS" -ge "$deadline" ]; then return 1; fi
    sleep 0.1
  done
}
start() {
  local name="$1" pid
  mkdir "$name"
  runc spec --bundle "$name"
  jq --argjson args "$(printf '%s\n' "${@:2}" | jq -R . | jq -s .)" \
    '.root.path = "../rootfs" | .process.terminal = false | .process.args = $args' "$name/config.json" > config.tmp
  mv config.tmp "$name/config.json"
  runc --root "$work/runc" run --keep --bundle "$name" "$id-$name" > "$name.log" 2>&1 &
  runs[$name]=$!
  wait_for 30 '[ "$(runc --root "$work/runc" state "$id-$name" 2>/dev/null | jq -r .status)" = running ]'
  pid="$(runc --root "$work/runc" state "$id-$name" | jq .pid)"
  wait_for 30 '[ "$(cat "/proc/$pid/comm")" != "runc:[2:INIT]" ]'
  if [ "$2" != busybox ] || [ "$3" != sleep ]; then
    wait_for 30 'ps -o args= --ppid "$pid" | grep -qx "busybox sleep 600"'
  fi
}
term_bits() {
  local pid hex field
  pid="$(runc --root "$work/runc" state "$id-$1" | jq .pid)"
  for field in SigBlk SigIgn SigCgt; do
    hex="$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/status")"
    echo "$field $hex TERM=$((16#$hex >> 14 & 1))"
  done
}
status() { runc --root "$work/runc" state "$id-$1" | jq -r .status; }
finish() {
  local rc=0
  wait "${runs[$1]}" || rc=$?
  unset "runs[$1]"
  echo "退出码：$rc"
}

# 2. 1 号进程是 busybox sleep，它没有为任何信号装处理函数，三个位图的 TERM 位都是 0。
#    runc kill 从主机发出 TERM，容器里的 kill 再发一个 KILL，过 1 秒容器仍在运行：
#    内核不把没有处理函数的信号交给 PID 命名空间的 1 号进程，连 KILL 也不例外；
#    只有从上层命名空间发来的 KILL 和 STOP 不受这条保护。
start sleep busybox sleep 600
term_bits sleep
runc --root "$work/runc" kill "$id-sleep" TERM
runc --root "$work/runc" exec "$id-sleep" busybox kill -KILL 1
sleep 1
status sleep

# 3. 从主机用 runc kill 发 KILL：它不需要处理函数，也不能被拦截，容器立即停止。前台的 runc run 报告退出码 137，
#    即 128 + 9：runc 1.1.5 发现子进程是被信号杀死的，就返回 128 加信号编号。
#    runc state 只说 stopped，pid 为 0，OCI 状态里没有退出码字段：退出码只有父进程 wait 时拿得到，
#    这里是前台的 runc run，生产环境里是容器引擎的管理进程，例如 containerd 的 shim。
runc --root "$work/runc" kill "$id-sleep" KILL
finish sleep
# @oci runtime-state
runc --root "$work/runc" state "$id-sleep" | jq .

# 4. 常见的包装脚本：sh 先跑程序，再做别的事，于是 sh 自己当 1 号进程。sh 没有为 TERM 装处理函数，TERM 被丢弃，
#    子进程 sleep 根本收不到。stop 模拟 Kubernetes 的停止流程：先发 TERM，最多等一个宽限期，还没停就发 KILL。
#    Kubernetes 的宽限期是 terminationGracePeriodSeconds，默认 30 秒；这里取 5 秒。结果是等满 5 秒，被 KILL，退出码 137，
#    echo done 也没机会执行，日志是空的。
start wrapper busybox sh -c 'busybox sleep 600; echo done'
term_bits wrapper
stop() {
  local name="$1" grace="$2"
  runc --root "$work/runc" kill "$id-$name" TERM
  if wait_for "$grace" '[ "$(status "$name")" = stopped ]'; then
    echo "宽限期内退出"
  else
    echo "宽限期 $grace 秒已过，发送 KILL"
    runc --root "$work/runc" kill "$id-$name" KILL
  fi
}
stop wrapper 5
finish wrapper
cat wrapper.log

# 5. 给 sh 加上 trap：SigCgt 的 TERM 位变成 1，TERM 不再被丢弃，但容器照样没有在宽限期内退出。
#    busybox sh 收到信号只记下来，等前台命令结束才执行 trap，而前台的 sleep 600 还要跑 10 分钟。
#    另外，有 trap 时 sh 不会把最后一条命令 exec 掉，所以 sleep 仍是它的子进程。
start trap-fg busybox sh -c 'trap "echo got TERM; exit 0" TERM; busybox sleep 600'
term_bits trap-fg
stop trap-fg 5
finish trap-fg

# 6. 把程序放到后台，sh 用内建的 wait 等它：wait 一收到有 trap 的信号就返回，trap 立即执行，打印后以 0 退出。
#    1 号进程一退出，内核就杀掉同一 PID 命名空间里剩下的进程，后台的 sleep 也随之结束。
start trap-bg busybox sh -c 'trap "echo got TERM; exit 0" TERM; busybox sleep 600 & wait'
term_bits trap-bg
stop trap-bg 5
finish trap-bg
cat trap-bg.log

# 7. 让 tini 当 1 号进程。三个位图里 TERM 的位都是 0，和第 2 步的 sleep 一样，TERM 却照样送到了：
#    tini 先阻塞几乎所有信号，再在 sigtimedwait 里等；等待期间内核临时解除阻塞，原来的阻塞集存在 /proc 不显示的地方。
#    阻塞的信号内核不会丢弃。tini 把 TERM 转发给子进程 sleep，它不是 1 号进程，TERM 的默认动作把它终止；
#    tini 随后退出，退出码 143，即 128 + 15，由 tini 按 shell 的惯例算出，runc 原样转交。
start tini /tini -- busybox sleep 600
term_bits tini
stop tini 5
finish tini
