#!/usr/bin/env bash
# @title OOM 现场取证：退出码 137、cgroup v1 计数、runc events、PSI 和内核日志，哪些随容器消失
# @tools runc jq busybox dmesg
# @timeout 60
# @mask ^\[ *\d+\.\d+\] => [<时间>]
# @mask \bpid=\d+, => pid=<pid>,
# @mask Killed process \d+ => Killed process <pid>
# @mask \b(total-vm|anon-rss|file-rss|pgtables):\d+kB => $1:<N>kB
# 以 root 运行；只用本机文件，不需要网络。主机是混合（hybrid）cgroup 布局：内存控制器在 v1，
# /sys/fs/cgroup/unified 是没有内存控制器的 cgroup v2，只提供每个 cgroup 的 PSI 文件。内核日志要能用 dmesg 读到。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID、后台 runc events 的进程号，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
events_pid=""
cleanup() {
  if [ -n "$events_pid" ]; then kill "$events_pid" >/dev/null 2>&1 || true; fi
  for name in "$id" "$id-2x" "$id-hog"; do
    runc --root "$work/runc" delete -f "$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 先认清 cgroup 布局：/sys/fs/cgroup 是 tmpfs，memory 目录是 v1（cgroupfs），unified 是 cgroup2fs。
#    这是混合布局，内存控制器在 v1。再往内核日志写一行标记，后面只看标记之后的记录。
stat -fc '%n %T' /sys/fs/cgroup /sys/fs/cgroup/memory /sys/fs/cgroup/unified
echo "$id mark" > /dev/kmsg

# 2. 准备 bundle：内存上限 32 MiB，swap 也写 32 MiB。v1 上 runc 把 swap 写进 memory.memsw.limit_in_bytes，
#    这是「内存 + swap」的总上限，和内存上限相等就等于不许用 swap。1 号进程只是 sleep；
#    cgroupsPath 写成 /<容器 ID>，主机上按这个路径就能找到容器的 cgroup 目录。
#    runc 在 v1 的 memory 下和 unified 下各建一个同名 cgroup：上限和计数在前者；后者没有内存控制器，只有 memory.pressure。
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle
jq --arg cg "/$id" '.process.terminal = false | .process.args = ["/bin/busybox", "sleep", "600"]
  | .linux.cgroupsPath = $cg | .linux.resources.memory = {"limit": 33554432, "swap": 33554432}' \
  bundle/config.json > config.tmp
mv config.tmp bundle/config.json
runc --root "$work/runc" run --detach --bundle bundle "$id"
cg="/sys/fs/cgroup/memory/$id"
(cd "$cg" && grep . memory.limit_in_bytes memory.memsw.limit_in_bytes memory.oom_control)
ls "/sys/fs/cgroup/unified/$id" | grep '^memory\.'

# 3. 在后台开一个 runc events 事件流，每秒一条统计。v1 上 runc 通过 cgroup.event_control
#    给 memory.oom_control 注册一个 eventfd，这个 cgroup 一发生 OOM，内核就通知它。
#    runc 注册完通知才开始输出统计，所以等第一条统计出现再制造 OOM，就不会漏掉事件。
runc --root "$work/runc" events --interval 1s "$id" > events.json 2> events.err &
events_pid=$!
until grep -qs '"type":"stats"' events.json; do sleep 0.2; done

# 4. 在容器里另起一个进程制造 OOM：dd 的 bs=64M 一次申请 64 MiB 缓冲区，读 /dev/zero 时逐页写满，越过 32 MiB 就 OOM。
#    内核杀掉的是 dd，runc exec 返回 128 + 9 = 137，9 是 SIGKILL。137 只说明死于 SIGKILL，
#    手动 kill -9 也是 137；是不是 OOM，要看下面几步的证据。1 号进程没事，容器还是 running，cgroup 还在。
#    --pid-file 记下 dd 在主机上的 pid，第 9 步用它在内核日志里找记录。
runc --root "$work/runc" exec --pid-file hog.pid "$id" /bin/busybox dd if=/dev/zero of=/dev/null bs=64M count=1 || echo "退出码：$?"
runc --root "$work/runc" state "$id" | jq -r .status

# 5. 后台的事件流收到了 oom 事件。事件里只有类型和容器 ID，不说杀了哪个进程，也不带次数。
until grep -q '"type":"oom"' events.json; do sleep 0.2; done
jq -c 'select(.type == "oom")' events.json | uniq

# 6. 直接读 v1 的文件。memory.oom_control 里 oom_kill 是 1，即被 OOM 杀掉的进程数；under_oom 是 0，此刻已不在 OOM 中；
#    oom_kill_disable 是 0，由内核自己挑进程杀。max_usage_in_bytes 是历史峰值，正好顶到上限。
#    两个 failcnt 却都是 0：两个上限相等时，每次记账先撞上 memsw；而这台 6.18 内核只给 memory 累加 failcnt，不给 memsw。
#    所以别拿 failcnt 当 OOM 告警，oom_kill 才是准的。
(cd "$cg" && grep . memory.failcnt memory.memsw.failcnt memory.max_usage_in_bytes memory.oom_control)

# 7. runc events --stats 是同一批 v1 文件的快照：usage 对应 memory.*，swap 对应 memory.memsw.*。
#    runc 1.1.5 的统计里没有 OOM 次数，要知道发生过 OOM，只能靠事件流或 memory.oom_control。
runc --root "$work/runc" events --stats "$id" | jq -c '.data.memory | {usage, swap} | map_values({limit, max, failcnt})'

# 8. PSI 在 unified 那一侧。OOM 之前，内核在这个 cgroup 里反复回收内存，
#    dd 卡在回收里的时间记进 memory.pressure。some 和 full 的累计值 total（微秒）都大于 0。
#    full 要所有非空闲进程同时停顿才计时；睡眠的 1 号进程不算非空闲，所以 dd 一停顿，full 也跟着计时。
#    avg10 这类滑动平均很快回到 0，告警要看 total 的增长。
awk '{split($5, t, "="); print $1, "total > 0：" (t[2] > 0 ? "yes" : "no")}' "/sys/fs/cgroup/unified/$id/memory.pressure"

# 9. 内核日志里的两行：oom-kill 那行的 CONSTRAINT_MEMCG 说明是 cgroup 上限引起的 OOM，不是整机内存不足；
#    oom_memcg 是撞上限的 cgroup，task_memcg 是被杀进程所在的 cgroup。下一行是被杀进程的 pid、进程名和内存用量，
#    进程名是 busybox，因为 dd 是 busybox 的一个小程序。容器删掉以后，这两行还在。
pid="$(cat hog.pid)"
until dmesg | sed -n "/$id mark/,\$p" | grep -q "Killed process $pid "; do sleep 0.2; done
dmesg | sed -n "/$id mark/,\$p" | grep -E "pid=$pid,|Killed process $pid "

# 10. 对照：第二个容器的 swap 写成内存的两倍（64 MiB），memsw 有余量，这回先撞上的是 memory，failcnt 大于 0。
#     failcnt 数的是「记账失败」的次数，一次 OOM 之前会失败很多次，具体数值没有意义。
mkdir 2x
jq --arg cg "/$id-2x" '.root.path = "../bundle/rootfs" | .linux.cgroupsPath = $cg
  | .linux.resources.memory.swap = 67108864' bundle/config.json > 2x/config.json
runc --root "$work/runc" run --detach --bundle 2x "$id-2x"
runc --root "$work/runc" exec "$id-2x" /bin/busybox dd if=/dev/zero of=/dev/null bs=64M count=1 || echo "退出码：$?"
cg2x="/sys/fs/cgroup/memory/$id-2x"
echo "memory.failcnt > 0：$(if [ "$(cat "$cg2x/memory.failcnt")" -gt 0 ]; then echo yes; else echo no; fi)"
(cd "$cg2x" && grep . memory.memsw.failcnt memory.oom_control)

# 11. 换一种情形：1 号进程自己就是 dd。runc run 在前台运行，1 号进程被杀，容器随之结束，同样返回 137。
#     runc run 结束时删除容器，两个 cgroup 目录也一起消失：oom_control、max_usage_in_bytes、memory.pressure 都无处可读，
#     留下来的只有退出码和内核日志。
mkdir hog
jq --arg cg "/$id-hog" '.root.path = "../bundle/rootfs" | .linux.cgroupsPath = $cg
  | .process.args = ["/bin/busybox", "dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"]' \
  bundle/config.json > hog/config.json
runc --root "$work/runc" run --pid-file hog.pid --bundle hog "$id-hog" || echo "退出码：$?"
runc --root "$work/runc" state "$id-hog" || echo "退出码：$?"
ls -d "/sys/fs/cgroup/memory/$id-hog" "/sys/fs/cgroup/unified/$id-hog" || echo "退出码：$?"
dmesg | sed -n "/$id mark/,\$p" | grep -c "Killed process $(cat hog.pid) "

# 12. 删除第一个容器。cgroup 被删时内核也会触发那个 eventfd，runc events 发现 cgroup 没了，自行退出。
#     事件流、cgroup 计数和 PSI 都随容器消失；要在事后回答「是不是 OOM」，只能靠当时采走的数据、
#     引擎记下的退出码和内核日志。cgroup v2 主机上对应的是 memory.events 的 max、oom、oom_kill 三项，
#     以及对应 max_usage_in_bytes 的 memory.peak，它们同样随 cgroup 消失。
runc --root "$work/runc" delete --force "$id"
if wait "$events_pid"; then echo "runc events 退出码：0"; else echo "runc events 退出码：$?"; fi
events_pid=""
ls -d "$cg" "/sys/fs/cgroup/unified/$id" || echo "退出码：$?"
