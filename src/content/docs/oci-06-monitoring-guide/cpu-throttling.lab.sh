#!/usr/bin/env bash
# @title CPU 限流排查：用量不高却很慢，用 cpu.stat 的限流计数和 PSI 找到证据
# @tools runc jq busybox
# @timeout 60
# @mask ^(nr_periods|nr_throttled|throttled_time|usage_usec|user_usec|system_usec|nice_usec) \d+$ => $1 <数>
# @mask ^(some|full) avg10=[\d.]+ avg60=[\d.]+ avg300=[\d.]+ total=\d+$ => $1 avg10=<数> avg60=<数> avg300=<数> total=<数>
# @mask "(periods|throttledPeriods|throttledTime)": \d+ => "$1": <数>
# @mask ^墙钟 [\d.]+ 秒，CPU [\d.]+ 秒$ => 墙钟 <秒> 秒，CPU <秒> 秒
# 以 root 运行；只用本机文件，不需要网络。主机是混合（hybrid）布局：cgroup v1 的 cpu、cpuacct 控制器，外加一个 cgroup v2 层级。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 先看控制组的布局：cpu 和 cpuacct 是 cgroup v1（cgroupfs），unified 是一个 cgroup v2 层级（cgroup2fs）。
#    限流由 v1 的 cpu 控制器执行；v2 层级上没有 cpu 控制器，但每个控制组仍有 PSI 文件 cpu.pressure，第 6 步要用它。
stat -fc '%T %n' /sys/fs/cgroup /sys/fs/cgroup/cpu /sys/fs/cgroup/cpuacct /sys/fs/cgroup/unified
if grep -qw cpu /sys/fs/cgroup/unified/cgroup.controllers; then echo "cpu 控制器在 v2 上：是"; else echo "cpu 控制器在 v2 上：否"; fi

# 2. 配额 20000 微秒、周期 100000 微秒：每 100 ms 最多用 20 ms，即 0.2 个 CPU。1 号进程是一个永不停歇的空转循环。
#    容器在 v1 的 cpu、cpuacct 层级和 v2 层级里各有一个同名控制组；下面按 /proc/<pid>/cgroup 拼出三个目录。
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle
jq '.process.terminal = false | .process.args = ["/bin/busybox", "sh", "-c", "while :; do :; done"]
  | .linux.resources.cpu = {"quota": 20000, "period": 100000}' bundle/config.json > config.tmp
mv config.tmp bundle/config.json
jq -c '.linux.resources.cpu' bundle/config.json
runc --root "$work/runc" run --detach --bundle bundle "$id"
pid="$(runc --root "$work/runc" state "$id" | jq .pid)"
grep -E '^[0-9]+:(cpu|cpuacct|):' "/proc/$pid/cgroup"
cpu="/sys/fs/cgroup/cpu$(awk -F: '$2 == "cpu" {print $3}' "/proc/$pid/cgroup")"
acct="/sys/fs/cgroup/cpuacct$(awk -F: '$2 == "cpuacct" {print $3}' "/proc/$pid/cgroup")"
unified="/sys/fs/cgroup/unified$(awk -F: '$1 == 0 {print $3}' "/proc/$pid/cgroup")"

# 3. 运行中的配额就在 v1 的两个文件里。等 20 个周期（约 2 秒）后读 cpu.stat：
#    nr_periods 是有进程要跑的周期数，nr_throttled 是其中配额用光、被限流的周期数，throttled_time 是被限流的总时长，单位纳秒。
#    空转循环每个周期都会用光配额，所以几乎每个周期都被限流。
cat "$cpu/cpu.cfs_quota_us" "$cpu/cpu.cfs_period_us"
until [ "$(awk '$1 == "nr_periods" {print $2}' "$cpu/cpu.stat")" -ge 20 ]; do sleep 0.1; done
cat "$cpu/cpu.stat"
awk '{v[$1] = $2} END {printf "被限流的周期超过一半：%s\n", (v["nr_throttled"] > 0.5 * v["nr_periods"]) ? "是" : "否"}' "$cpu/cpu.stat"

# 4. 「CPU 用量不高」就是这么来的：2 秒里 cpuacct.usage（纳秒）只涨了约 0.2 个 CPU 的量，进程却一直想跑。
#    只看用量的监控显示 20%，看不出它在排队。
u0="$(cat "$acct/cpuacct.usage")"; t0="$(date +%s%N)"
sleep 2
u1="$(cat "$acct/cpuacct.usage")"; t1="$(date +%s%N)"
awk -v u="$((u1 - u0))" -v t="$((t1 - t0))" 'BEGIN {printf "平均用量：%.1f 个 CPU\n", u / t}'

# 5. runc events --stats 读的是同一个 cpu.stat，字段改叫 periods、throttledPeriods、throttledTime（纳秒）。
#    runc 1.1.5 的统计里没有 PSI：cpu 下只有 throttling 和 usage 两项；runc 1.2 起才有 psi 字段，而且只在纯 cgroup v2 下读取。
runc --root "$work/runc" events --stats "$id" | jq '.data.cpu.throttling'
runc --root "$work/runc" events --stats "$id" | jq -c '.data.cpu | keys'

# 6. PSI：v2 控制组的 cpu.pressure。some 是「至少一个进程能跑却没在 CPU 上」的时间占比，total 是累计微秒数。
#    被限流的进程也算在等 CPU，所以限流直接计入 CPU 压力；容器里只有一个进程，full（所有进程都在等）与 some 几乎相同。
#    PSI 在多核上按各 CPU 的忙碌时间加权，进程在两个 CPU 间迁移时读数偏低，所以这里只检查 some 的增长超过经过时间的三成。
#    这份压力也计入上层控制组和主机的 /proc/pressure/cpu。
s0="$(awk '$1 == "some" {sub("total=", "", $5); print $5}' "$unified/cpu.pressure")"; t0="$(date +%s%N)"
sleep 2
s1="$(awk '$1 == "some" {sub("total=", "", $5); print $5}' "$unified/cpu.pressure")"; t1="$(date +%s%N)"
cat "$unified/cpu.pressure"
awk -v s="$((s1 - s0))" -v t="$(((t1 - t0) / 1000))" 'BEGIN {printf "some 增长超过经过时间的三成：%s\n", (s > 0.3 * t) ? "是" : "否"}'

# 7. 限流落到请求上就是延迟：在同一个容器里跑一段约 0.1 秒 CPU 的计算，它和空转循环分用同一份配额。
#    0.2 个 CPU 还要分给两个进程，墙钟时间是 CPU 时间的 10 倍上下，多出来的都在等下一个周期补充配额。
runc --root "$work/runc" exec "$id" /bin/busybox time -f '%e %U %S' \
  /bin/busybox sh -c 'i=0; while [ $i -lt 100000 ]; do i=$((i + 1)); done' 2> throttled.txt
awk '{printf "墙钟 %.2f 秒，CPU %.2f 秒\n墙钟是 CPU 时间的 5 倍以上：%s\n", $1, $2 + $3, ($1 > 5 * ($2 + $3)) ? "是" : "否"}' throttled.txt

# 8. 对照：runc update 把配额提到 300000 微秒，即 3 个 CPU，比这台 2 核主机能给的还多，再也用不完。
#    等 2 个周期让改动生效，再看 10 个周期，其间把同样的计算再跑一遍：nr_periods 照常增长，nr_throttled 停住了。
#    计算快了许多；如果还比 CPU 时间慢，那是在和主机上别的进程抢 CPU，不是限流。
runc --root "$work/runc" update --cpu-quota 300000 "$id"
cat "$cpu/cpu.cfs_quota_us"
p0="$(awk '$1 == "nr_periods" {print $2}' "$cpu/cpu.stat")"
until [ "$(awk '$1 == "nr_periods" {print $2}' "$cpu/cpu.stat")" -ge $((p0 + 2)) ]; do sleep 0.1; done
cat "$cpu/cpu.stat" > before.txt
runc --root "$work/runc" exec "$id" /bin/busybox time -f '%e %U %S' \
  /bin/busybox sh -c 'i=0; while [ $i -lt 100000 ]; do i=$((i + 1)); done' 2> raised.txt
until [ "$(awk '$1 == "nr_periods" {print $2}' "$cpu/cpu.stat")" -ge $((p0 + 12)) ]; do sleep 0.1; done
awk 'NR == FNR {old[$1] = $2; next} $1 == "nr_periods" || $1 == "nr_throttled" {print $1, "还在增长：" ($2 > old[$1] ? "是" : "否")}' \
  before.txt "$cpu/cpu.stat"
awk '{printf "墙钟 %.2f 秒，CPU %.2f 秒\n", $1, $2 + $3}' raised.txt

# 9. 混合布局下，v2 的 cpu.stat 只有用量，没有限流计数，因为 cpu 控制器不在 v2 上。
#    纯 cgroup v2 的主机上，三样东西都在同一个目录：cpu.max 写「配额 周期」，cpu.stat 多出 nr_periods、nr_throttled、
#    throttled_usec（微秒），压力仍看 cpu.pressure。
cat "$unified/cpu.stat"
