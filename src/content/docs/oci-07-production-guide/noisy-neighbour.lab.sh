#!/usr/bin/env bash
# @title 吵闹的邻居：CPU 份额（shares）与配额（quota）的区别，用真实的 CPU 时间和限流计数来比较
# @tools runc jq busybox
# @timeout 120
# @mask ^A 占 CPU 0 的 [\d.]+%，B 占 [\d.]+%$ => A 占 CPU 0 的 <数>%，B 占 <数>%
# @mask ^(nr_periods|nr_throttled) 增加了 \d+$ => $1 增加了 <数>
# 以 root 运行；只用本机文件，不需要网络。测量环境：2 vCPU 虚拟机，内核 6.18，Debian 12 用户空间，
# 控制组是混合（hybrid）布局：cpu、cpuacct、cpuset、freezer 都是 cgroup v1 控制器，v2 层级上没有 cpu 控制器。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理（两个容器，外加本实验建的父控制组）
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id-a" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id-b" >/dev/null 2>&1 || true
  for dir in /sys/fs/cgroup/*/"$id"; do rmdir "$dir" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 两个容器 A、B 将放进同一个父控制组，像同一个租户的两个服务，runc 会在它下面建子组 a、b。
#    份额只在兄弟控制组之间比较。父组的份额设成默认 1024 的 10 倍，主机上别的进程几乎抢不走这份 CPU，测量更稳。
mkdir /sys/fs/cgroup/cpu/"$id"
echo 10240 > /sys/fs/cgroup/cpu/"$id"/cpu.shares
cat /sys/fs/cgroup/cpu/"$id"/cpu.shares

# 2. 两个 bundle 只差控制组路径。1 号进程是空转循环，一直想要 CPU。
#    cpus 为 "0"，两个容器都只能在 CPU 0 上跑，一定会互相争抢，与主机有几个 CPU 无关。
#    runc 把 OCI 字段原样写进 v1 文件：shares → cpu.shares，cpus → cpuset.cpus。
mkdir -p bundle-a/rootfs/bin
cp /bin/busybox bundle-a/rootfs/bin/busybox
runc spec --bundle bundle-a
jq --arg parent "/$id" '.process.terminal = false
  | .process.args = ["/bin/busybox", "sh", "-c", "while :; do :; done"]
  | .linux.cgroupsPath = $parent + "/a"
  | .linux.resources.cpu = {"shares": 1024, "cpus": "0"}' bundle-a/config.json > config.tmp
mv config.tmp bundle-a/config.json
cp -a bundle-a bundle-b
jq '.linux.cgroupsPath |= sub("/a$"; "/b")' bundle-a/config.json > bundle-b/config.json
jq -c '{cgroupsPath: .linux.cgroupsPath, cpu: .linux.resources.cpu}' bundle-a/config.json bundle-b/config.json
runc --root "$work/runc" run --detach --bundle bundle-a "$id-a"
runc --root "$work/runc" run --detach --bundle bundle-b "$id-b"
cat /sys/fs/cgroup/cpu/"$id"/{a,b}/cpu.shares /sys/fs/cgroup/cpuset/"$id"/{a,b}/cpuset.cpus

# 3. 测量方法：读两个容器的 cpuacct.usage（累计 CPU 纳秒），隔 3 秒再读，差值除以经过的时间，就是各占 CPU 0 的百分比。
#    A、B 在同一个时间窗里量，主机负载的起伏对两边一样，比值很稳。情形一：份额 1024 对 1024，应当各占一半。
measure() {
  local a0 b0 t0 a1 b1 t1
  a0="$(cat /sys/fs/cgroup/cpuacct/"$id"/a/cpuacct.usage)"; b0="$(cat /sys/fs/cgroup/cpuacct/"$id"/b/cpuacct.usage)"; t0="$(date +%s%N)"
  sleep 3
  a1="$(cat /sys/fs/cgroup/cpuacct/"$id"/a/cpuacct.usage)"; b1="$(cat /sys/fs/cgroup/cpuacct/"$id"/b/cpuacct.usage)"; t1="$(date +%s%N)"
  read -r pa pb < <(awk -v a="$((a1 - a0))" -v b="$((b1 - b0))" -v t="$((t1 - t0))" 'BEGIN {printf "%.1f %.1f\n", 100 * a / t, 100 * b / t}')
  echo "A 占 CPU 0 的 $pa%，B 占 $pb%"
}
measure
awk -v a="$pa" -v b="$pb" 'BEGIN {printf "A:B 在 0.7～1.4 之间：%s\n", (a > 0.7 * b && a < 1.4 * b) ? "是" : "否"}'

# 4. 情形二：runc update 把 B 的份额降到 256，A 不变。有争抢时按 1024:256 分，A 应得约 4 倍于 B。
#    份额是相对值：它没有给 A 承诺任何绝对数量，只决定两者相争时怎么分。
runc --root "$work/runc" update --cpu-share 256 "$id-b"
cat /sys/fs/cgroup/cpu/"$id"/b/cpu.shares
measure
pb_contended="$pb"
awk -v a="$pa" -v b="$pb" 'BEGIN {printf "A:B 在 2.5～6 之间：%s\n", (a > 2.5 * b && a < 6 * b) ? "是" : "否"}'

# 5. 情形三：runc pause 冻结 A，A 不再要 CPU。份额只在争抢时起作用，256 份的 B 随即拿到几乎整个 CPU 0。
#    这是份额不浪费的一面：邻居空闲时，低份额的容器照样能用满。
runc --root "$work/runc" pause "$id-a"
measure
awk -v now="$pb" -v before="$pb_contended" 'BEGIN {printf "B 的 CPU 时间涨到第 4 步的 3 倍以上：%s\n", (now > 3 * before) ? "是" : "否"}'
pb_alone="$pb"

# 6. 情形四：A 仍然冻结，给 B 加上配额 50000/100000 微秒，即每 100 ms 最多 50 ms。
#    没有谁和 B 抢，第 5 步它还能用满，现在却被压在一半左右：配额是硬上限，不看 CPU 闲不闲，剩下的时间 B 用不上。
#    限流计数的排查方法见监控一文的实验；这里只看一点：几乎每个周期都撞了上限。
runc --root "$work/runc" update --cpu-quota 50000 --cpu-period 100000 "$id-b"
cat /sys/fs/cgroup/cpu/"$id"/b/cpu.cfs_quota_us /sys/fs/cgroup/cpu/"$id"/b/cpu.cfs_period_us
cat /sys/fs/cgroup/cpu/"$id"/b/cpu.stat > stat-before.txt
measure
awk 'NR == FNR {old[$1] = $2; next} {new[$1] = $2} END {
    p = new["nr_periods"] - old["nr_periods"]; t = new["nr_throttled"] - old["nr_throttled"]
    printf "nr_periods 增加了 %d\nnr_throttled 增加了 %d\n被限流的周期超过九成：%s\n", p, t, (t > 0.9 * p) ? "是" : "否"
  }' stat-before.txt /sys/fs/cgroup/cpu/"$id"/b/cpu.stat
awk -v now="$pb" -v before="$pb_alone" 'BEGIN {printf "B 不超过 60%%，只有第 5 步的 35%%～65%%：%s\n", (now <= 60 && now > 0.35 * before && now < 0.65 * before) ? "是" : "否"}'

# 7. 同一个 shares 字段到了纯 cgroup v2 主机上要换成 cpu.weight，由 runc 换算。这台主机的 v2 层级没有 cpu 控制器，只能按源码计算。
#    runc 1.1.5 用线性公式 1 + (shares - 2) × 9999 / 262142，见 libcontainer/cgroups/utils.go。
#    runc 1.3.2 起改用 ceil(10^((L² + 125L) / 612 - 7/34))，L = log2(shares)，让 1024 正好对上 v2 的默认值 100。
#    内核再按 weight × 1024 / 100 四舍五入换回调度权重，最后一行就是 A、B 在 v2 上真正的权重比。
#    旧公式下，明确写了 1024 的容器只得 39，比没写份额、拿默认 100 的邻居还低。
#    同一份 config.json，换到 v2 主机或升级 runc，争抢时的分配比例就变了。awk 的 log 有微小误差，取上整前减去 1e-9。
awk 'function old(s) {return 1 + int((s - 2) * 9999 / 262142)}
  function new(s,  l, x) {l = log(s) / log(2); x = exp(((l * l + 125 * l) / 612 - 7 / 34) * log(10)) - 1e-9; return (x == int(x)) ? x : int(x) + 1}
  function kernel(w) {return int(w * 1024 / 100 + 0.5)}
  BEGIN {
    printf "shares  1.1.5 的 weight  1.3.2 起的 weight\n"
    n = split("2 256 1024 262144", s, " ")
    for (i = 1; i <= n; i++) printf "%-7d %-16d %d\n", s[i], old(s[i]), new(s[i])
    printf "1024:256 的调度权重比：v1 上 %.2f，1.1.5 在 v2 上 %.2f，1.3.2 起在 v2 上 %.2f\n",
      1024 / 256, kernel(old(1024)) / kernel(old(256)), kernel(new(1024)) / kernel(new(256))
  }'
