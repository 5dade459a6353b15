#!/usr/bin/env bash
# @title seccomp 的运行时开销：系统调用密集的负载在不同过滤器下慢多少
# @tools runc jq busybox strace scmp_sys_resolver
# @timeout 240
# @mask ^(\S+ +)每次 [\d.]+ ns，多 -?[\d.]+ ns，[+-]?\d+%，范围 [\d.]+～[\d.]+$ => $1每次 <数> ns，多 <数> ns，<数>%，范围 <数>～<数>
# 机器：2 vCPU 的虚拟机，内核 6.18，Debian 12 用户态，cgroup 混合布局；runc 1.1.5，libseccomp 2.5.4。以 root 运行，不需要网络。
# 计时用容器自己的 cpuacct.usage，是 CPU 时间，单位纳秒；主机忙时墙钟会变长，CPU 时间基本不变。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID 前缀，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  local c
  for c in $(runc --root "$work/runc" list -q 2>/dev/null); do
    runc --root "$work/runc" delete -f "$c" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 负载是 dd 每次只搬 1 个字节：每个字节一次 read、一次 write，几乎全是系统调用开销。
#    先在主机上用 strace 数一下：1000 个字节正好 1000 次 read，write 多出的 1 次是 dd 最后打印的统计。
#    下面每次运行搬 200 万字节，就是 400 万次系统调用；把 CPU 时间除以 400 万，得到每次调用的平均耗时。
strace -f -qq -c -S name -U calls,name -e trace=read,write -o counts.txt \
  /bin/busybox dd if=/dev/zero of=/dev/null bs=1 count=1000 2>/dev/null
cat counts.txt
runc --version | grep libseccomp

# 2. 准备五份配置，共用一个只读 rootfs。容器里的 sh 先打印 Seccomp 状态，再在 dd 前后各读一次 cpuacct.usage。
#    白名单取 x86_64 的 0～334 号和 424～450 号系统调用，去掉 51 个常被禁止的，默认动作 ERRNO，与常见的默认配置同一量级。
#    「带条件」只改 read、write 两条：加一个恒为真的参数条件「第 3 个参数 ≥ 0」，放行的范围一点没变。
#    黑名单反过来：默认放行，只拒绝那 51 个；它的「带条件」版本再给 read、write 加一条永远不成立的 ERRNO 规则。
mkdir -p rootfs/bin
cp /bin/busybox rootfs/bin/busybox
runc spec --bundle .
deny="acct add_key bpf clock_adjtime clock_settime create_module delete_module finit_module fsconfig fsmount fsopen
  fspick get_kernel_syms init_module ioperm iopl kcmp kexec_file_load kexec_load keyctl lookup_dcookie mbind mount
  move_mount move_pages name_to_handle_at nfsservctl open_by_handle_at open_tree perf_event_open pivot_root
  process_vm_readv process_vm_writev ptrace query_module quotactl reboot request_key set_mempolicy setns settimeofday
  swapoff swapon _sysctl sysfs umount2 unshare uselib userfaultfd ustat vhangup"
printf '%s\n' $deny > deny.txt
for nr in $(seq 0 334) $(seq 424 450); do scmp_sys_resolver -a x86_64 "$nr"; done | grep -vxF -f deny.txt > allow.txt
wc -l < allow.txt; wc -l < deny.txt
cond='{"index": 2, "value": 0, "op": "SCMP_CMP_GE"}'
never='{"index": 2, "value": 1073741824, "op": "SCMP_CMP_GT"}'
jq -R . allow.txt | jq -s '{defaultAction: "SCMP_ACT_ERRNO", architectures: ["SCMP_ARCH_X86_64"],
  syscalls: [{names: ., action: "SCMP_ACT_ALLOW"}]}' > allow.json
jq -R . allow.txt | jq -s --argjson c "$cond" '{defaultAction: "SCMP_ACT_ERRNO", architectures: ["SCMP_ARCH_X86_64"],
  syscalls: [{names: (. - ["read", "write"]), action: "SCMP_ACT_ALLOW"},
    {names: ["read", "write"], action: "SCMP_ACT_ALLOW", args: [$c]}]}' > allow-cond.json
jq -R . deny.txt | jq -s '{defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64"],
  syscalls: [{names: ., action: "SCMP_ACT_ERRNO"}]}' > deny.json
jq -R . deny.txt | jq -s --argjson c "$never" '{defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64"],
  syscalls: [{names: ., action: "SCMP_ACT_ERRNO"}, {names: ["read", "write"], action: "SCMP_ACT_ERRNO", args: [$c]}]}' \
  > deny-cond.json
jq -c '.syscalls[1]' allow-cond.json deny-cond.json
echo null > none.json
configs="none allow allow-cond deny deny-cond"
for c in $configs; do
  mkdir -p "b-$c"
  jq --slurpfile s "$c.json" '.root.path = "../rootfs" | .process.terminal = false | .linux.seccomp = $s[0]
    | .process.args = ["/bin/busybox", "sh", "-c", "grep -E \"^Seccomp(_filters)?:\" /proc/self/status | tr -d \"\\t\" | tr \"\\n\" \" \"
      read a < /sys/fs/cgroup/cpuacct/cpuacct.usage
      /bin/busybox dd if=/dev/zero of=/dev/null bs=1 count=2000000 2>/dev/null
      read b < /sys/fs/cgroup/cpuacct/cpuacct.usage
      echo $((b - a))"]' config.json > "b-$c/config.json"
done

# 3. 测量：五份配置轮流跑，共 5 轮，每轮换一个起点，抵消先后顺序和主机负载的漂移。每次运行约 0.5～1 秒。
for round in 1 2 3 4 5; do
  set -- $configs
  for skip in $(seq 2 "$round"); do set -- "$@" "$1"; shift; done
  for c in "$@"; do
    echo "$c $(runc --root "$work/runc" run --bundle "b-$c" "$id-$c")" >> runs.txt
  done
done
wc -l < runs.txt

# 4. 先确认过滤器真的装上了：Seccomp 为 2 表示过滤模式，Seccomp_filters 是叠加的过滤器个数。
#    配置写错而被忽略时，这里会是 0，后面的「快」就不可信。每份配置 5 次运行的状态都一样才算数。
for c in $configs; do
  awk -v c="$c" '$1 == c {s[$2 " " $3]++; n++} END {for (k in s) printf "%-11s %s，%d 次中有 %d 次\n", c, k, n, s[k]}' runs.txt
done

# 5. 每次系统调用的平均 CPU 时间：5 次的中位数，比不过滤多出的纳秒数和百分比，以及 5 次的范围。
#    「每次」里含 dd 自己在用户态的一点工作，差值才是 seccomp 的开销。
#    内核 5.11 起，装过滤器时按调用号试算一遍：只看调用号和架构就能断定放行的，记进位图，以后直接放行，不跑 BPF。
#    所以无条件白名单和黑名单只多十纳秒上下。runc 在默认动作不是放行时，会在程序前面加一段返回 ENOSYS 的判断；
#    它也只看调用号和架构，不妨碍缓存。
#    程序一读参数，这个调用就进不了位图，每次都要把 BPF 跑一遍。libseccomp 把带条件的调用排在无条件的后面，
#    所以 allow-cond 每次要先比过 300 多个名字，多出的开销明显大于只有 53 条规则的 deny-cond。
awk '{print $1, $4}' runs.txt | sort -k1,1 -k2,2n | awk '
  {v[$1, ++n[$1]] = $2 / 4000000}
  END {
    split("none allow allow-cond deny deny-cond", order, " ")
    base = v["none", 3]
    for (i = 1; i <= 5; i++) {
      c = order[i]; m = v[c, 3]
      printf "%-11s 每次 %.1f ns，多 %.1f ns，%+d%%，范围 %.1f～%.1f\n", c, m, m - base, (m / base - 1) * 100, v[c, 1], v[c, 5]
      print c, m > "medians.txt"
    }
  }'

# 6. 由中位数得出的结论，容差放得很宽，主机两个 CPU 都被占满时也成立。
#    dd 每次只搬 1 字节，是最坏情况；真实服务每次调用做的事多得多，同样的纳秒数占比小得多。
#    对架构的意义：规则写成无条件的名字列表，开销可以忽略；给 read、write 这类高频调用加参数条件，才要按次付 BPF 的钱。
awk '{m[$1] = $2} END {
  printf "无条件白名单比不过滤慢不到 30%%：%s\n", (m["allow"] < 1.3 * m["none"]) ? "是" : "否"
  printf "黑名单与无条件白名单相差不到 15%%：%s\n", (m["deny"] < 1.15 * m["allow"] && m["allow"] < 1.15 * m["deny"]) ? "是" : "否"
  printf "带条件放行比无条件放行慢 25%% 以上：%s\n", (m["allow-cond"] > 1.25 * m["allow"]) ? "是" : "否"
  printf "同样带条件，短过滤器比长过滤器快 10%% 以上：%s\n", (m["deny-cond"] < 0.9 * m["allow-cond"]) ? "是" : "否"
  printf "长过滤器没命中缓存，多花的时间是命中缓存时的 2 倍以上：%s\n", (m["allow-cond"] - m["none"] > 2 * (m["allow"] - m["none"])) ? "是" : "否"
}' medians.txt
