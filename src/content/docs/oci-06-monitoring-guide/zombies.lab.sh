#!/usr/bin/env bash
# @title 僵尸进程：不回收子进程的 1 号进程怎样占满 pids 限额，tini 怎样解决
# @tools runc jq busybox tini ps dmesg
# @timeout 60
# @mask ^ *(?:[2-9]|[1-9]\d+)(?= +\d+ +[A-Z]+ ) => <pid>
# 以 root 运行；只用本机文件，不需要网络。主机是混合（hybrid）布局：pids 控制器在 cgroup v1 的 /sys/fs/cgroup/pids 下。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in "$id-a" "$id-b" "$id-c"; do
    runc --root "$work/runc" delete -f "$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 三个容器共用一个根文件系统：busybox，加上 tini 的静态版 /tini；各自的 bundle 只有 process.args 不同。
#    工作负载都一样：启动 3 个孤儿进程。它们的父进程是子 shell，立即退出；2 秒后孤儿自己也退出。
#    wait_for 在期限内反复检查一个条件，机器再忙也不靠固定的 sleep。
mkdir -p rootfs/bin
cp /bin/busybox rootfs/bin/busybox
cp /usr/bin/tini-static rootfs/tini
orphans='for i in 1 2 3; do (busybox sleep 2 &); done'
bundle() {
  mkdir "$1"
  runc spec --bundle "$1"
  jq --argjson args "$(printf '%s\n' "${@:2}" | jq -R . | jq -s .)" \
    '.root.path = "../rootfs" | .process.terminal = false | .process.args = $args' "$1/config.json" > config.tmp
  mv config.tmp "$1/config.json"
}
wait_for() {
  local deadline=$((SECONDS + $1))
  until eval "$2"; do
    if [ "$SECONDS" -ge "$deadline" ]; then return 1; fi
    sleep 0.1
  done
}

# 2. 容器 A：sh 启动孤儿后 exec 成 sleep，1 号进程于是是一个从不调用 wait 的程序。
#    孤儿的父进程退出后，内核把它们过继给 PID 命名空间的 1 号进程；它们退出后没人回收，就成了僵尸，STAT 为 Z。
#    最后一行 PPID 为 0 的是 runc exec 从外面放进来的 ps 本身。
bundle a busybox sh -c "$orphans; exec busybox sleep 600"
jq -c '.process.args' a/config.json
runc --root "$work/runc" run --detach --bundle a "$id-a"
pid="$(runc --root "$work/runc" state "$id-a" | jq .pid)"
wait_for 30 '[ "$(ps -o stat= --ppid "$pid" | grep -c ^Z)" -eq 3 ]'
runc --root "$work/runc" exec "$id-a" busybox ps -o pid,ppid,stat,args

# 3. 在节点上看到的是同样 3 个僵尸，标着 <defunct>，父进程是容器 1 号进程在主机上的 pid。
#    僵尸已经死了，kill -KILL 对它无效；只有父进程回收（wait）它，或者父进程退出、它被过继给会回收的进程，它才会消失。
ps -o stat,args --ppid "$pid"
kill -KILL $(ps -o pid= --ppid "$pid")
ps -o stat,args --ppid "$pid"

# 4. 僵尸仍占着一个 pid，pids 控制器照样计数：pids.current 是 4，即 1 号进程加 3 个僵尸。
#    cgroup.procs 却只列出 1 个进程：按 cgroup.procs 数进程的监控看不到僵尸。
cg="/sys/fs/cgroup/pids$(awk -F: '$2 == "pids" {print $3}' "/proc/$pid/cgroup")"
cat "$cg/pids.current"
wc -l < "$cg/cgroup.procs"

# 5. 僵尸还会越积越多：runc exec 进去的命令若留下后台子进程，命令退出后它同样过继给容器的 1 号进程。
#    在用 runc 的节点上，kubectl exec 和 exec 探针最终也是 runc exec。子进程退出后又多一个僵尸，pids.current 变成 5。
runc --root "$work/runc" exec "$id-a" busybox sh -c 'busybox sleep 1 > /dev/null & exit 0'
wait_for 30 '[ "$(ps -o stat= --ppid "$pid" | grep -c ^Z)" -eq 4 ]'
cat "$cg/pids.current"

# 6. 把 pids 上限调到 6，只剩 1 个空位。用主机上的一个 shell 模拟「容器里再起一个进程」：它先把自己移进这个控制组，
#    占掉最后一个空位；移入不受上限约束，fork 才检查。于是它再 fork 就失败：Resource temporarily unavailable，即 EAGAIN。
#    pids.events 的 max 计数记下被拒绝的 fork；内核日志也记一行，每个控制组只记第一次。
echo "$id mark" > /dev/kmsg
runc --root "$work/runc" update --pids-limit 6 "$id-a"
if busybox sh -c 'echo $$ > "$1/cgroup.procs"; read n < "$1/pids.current"; echo "pids.current=$n"; busybox true; echo "fork 成功"' sh "$cg"; then
  echo "退出码：0"
else
  echo "退出码：$?"
fi
cat "$cg/pids.events"
dmesg --notime | sed -n "/$id mark/,\$p" | grep 'fork rejected'

# 7. 容器 B：同样的工作负载，1 号进程换成 tini。tini 把 sh 作为子进程启动，过继来的孤儿一退出就被它回收。
#    等 sleep 600 出现、pids.current 降到 2，即 tini 和 sleep：进程表里没有僵尸。
bundle b /tini -- busybox sh -c "$orphans; exec busybox sleep 600"
jq -c '.process.args' b/config.json
runc --root "$work/runc" run --detach --bundle b "$id-b"
pid_b="$(runc --root "$work/runc" state "$id-b" | jq .pid)"
cg_b="/sys/fs/cgroup/pids$(awk -F: '$2 == "pids" {print $3}' "/proc/$pid_b/cgroup")"
wait_for 30 '[ "$(cat "$cg_b/pids.current")" -eq 2 ] && ps -o args= --ppid "$pid_b" | grep -qx "busybox sleep 600"'
runc --root "$work/runc" exec "$id-b" busybox ps -o pid,ppid,stat,args

# 8. 容器 C：不 exec，让 busybox sh 自己当 1 号进程，在前台等 sleep 600。busybox sh 等子进程用的是 wait4(-1, …)，
#    哪个子进程退出都收走，所以孤儿也被回收了。但 sh -c 的最后一条命令会被直接 exec：
#    去掉末尾的 echo，1 号进程就又是 sleep，回到容器 A 的情况。
bundle c busybox sh -c "$orphans; busybox sleep 600; echo done"
runc --root "$work/runc" run --detach --bundle c "$id-c"
pid_c="$(runc --root "$work/runc" state "$id-c" | jq .pid)"
cg_c="/sys/fs/cgroup/pids$(awk -F: '$2 == "pids" {print $3}' "/proc/$pid_c/cgroup")"
wait_for 30 '[ "$(cat "$cg_c/pids.current")" -eq 2 ] && ps -o args= --ppid "$pid_c" | grep -qx "busybox sleep 600"'
runc --root "$work/runc" exec "$id-c" busybox ps -o pid,ppid,stat,args
