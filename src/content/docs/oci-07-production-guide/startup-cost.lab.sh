#!/usr/bin/env bash
# @title 安全选项的启动代价：seccomp、用户命名空间、只读根文件系统各让 runc 的启动慢多少
# @tools runc jq busybox scmp_sys_resolver chown
# @timeout 120
# @mask ^(\S+) +中位数 +[\d.]+ ms +p90 +[\d.]+ ms$ => $1  中位数 <毫秒> ms  p90 <毫秒> ms
# @mask ^(\S+ 个文件：中位数) [\d.]+ ms，每个文件 [\d.]+ 微秒$ => $1 <毫秒> ms，每个文件 <微秒> 微秒
# 以 root 运行；只用本机文件，不需要网络。
# 录制用的机器：2 个 vCPU 的虚拟机，内核 6.18，Debian 12 用户空间，cgroup 为混合（hybrid）布局，临时目录在 ext4 上。
# 毫秒数随机器和负载变化，页面上的是录制时的一次实测；派生结论的容差按两个 CPU 都被占满时仍成立来定。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID 前缀，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
configs=(default seccomp seccomp-x64 userns readonly all)
cleanup() {
  for c in "${configs[@]}"; do
    runc --root "$work/runc" delete -f "$id-$c" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. seccomp 白名单：libseccomp 认识的 x86_64 系统调用，减去 Docker 28.5.2 默认配置在 amd64 上、
#    不加能力时拦截的那些，例如装卸内核模块、挂载、重启、bpf、io_uring。其余全部放行，默认动作返回 EPERM。
#    clone3 也照 Docker 的做法返回 ENOSYS，让 libc 退回用 clone。放行的名字约 300 个，与 Docker 的默认白名单相当。
for n in $(seq 0 460); do scmp_sys_resolver -a x86_64 "$n"; done | grep -vx UNKNOWN > known.txt
cat > deny.txt <<'LIST'
_sysctl acct add_key afs_syscall bpf clock_settime create_module delete_module fanotify_init finit_module fsconfig
fsmount fsopen fspick get_kernel_syms get_mempolicy getpmsg init_module io_uring_enter io_uring_register
io_uring_setup ioperm iopl kcmp kexec_file_load kexec_load keyctl lookup_dcookie mbind migrate_pages mount
mount_setattr move_mount move_pages nfsservctl open_by_handle_at open_tree perf_event_open pidfd_getfd pivot_root
process_madvise putpmsg query_module quotactl quotactl_fd reboot request_key security set_mempolicy
set_mempolicy_home_node setdomainname sethostname setns settimeofday swapoff swapon sysfs syslog tuxcall umount2
unshare uselib userfaultfd ustat vhangup vserver
LIST
tr ' ' '\n' < deny.txt | grep . | sort > deny.sorted
sort known.txt | comm -23 - deny.sorted | grep -vx clone3 > allow.txt
echo "libseccomp 认识的名字：$(wc -l < known.txt)，拦截：$(wc -l < deny.sorted)，clone3 返回 ENOSYS，放行：$(wc -l < allow.txt)"

# 2. 六个配置，进程都是 busybox echo ok。基线 default 是 runc spec 的输出，没有 seccomp；
#    根文件系统改成可写，因为 runc spec 默认只读，而多数引擎默认可写。
#    seccomp 像 Docker 在 amd64 上那样列出三个架构；seccomp-x64 名单相同，只列 x86_64。
#    userns 把容器里的 0 映射到主机的 100000，共 65536 个 id。runc 1.1.5 不会替你改属主，
#    所以 userns 和 all 的 rootfs 事先 chown 成 100000，工作目录改成 711，让 uid 100000 走得到 rootfs。
#    all 三项全开。每行依次是：放行的名字数、架构数、有无用户命名空间、根是否只读。
chmod 711 "$work"
jq --rawfile names allow.txt -n '{
    "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
    "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    "syscalls": [
      {"names": ($names | split("\n") | map(select(. != ""))), "action": "SCMP_ACT_ALLOW"},
      {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}
    ]
  }' > seccomp.json
runc spec --bundle "$work"
jq '.process.terminal = false | .process.args = ["/bin/busybox", "echo", "ok"]
  | .root = {"path": "../rootfs", "readonly": false}' config.json > base.json
cat > variants.jq <<'JQ'
def userns: .linux.namespaces += [{"type": "user"}]
  | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
  | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}];
if $c == "seccomp" then .linux.seccomp = $s[0]
elif $c == "seccomp-x64" then .linux.seccomp = ($s[0] | .architectures = ["SCMP_ARCH_X86_64"])
elif $c == "userns" then userns
elif $c == "readonly" then .root.readonly = true
elif $c == "all" then userns | .linux.seccomp = $s[0] | .root.readonly = true
else . end
JQ
for c in "${configs[@]}"; do
  mkdir -p "$c/rootfs/bin" "$c/run"
  cp /bin/busybox "$c/rootfs/bin/busybox"
  jq --arg c "$c" --slurpfile s seccomp.json -f variants.jq base.json > "$c/run/config.json"
  if jq -e '.linux.uidMappings' "$c/run/config.json" > /dev/null; then chown -R 100000:100000 "$c/rootfs"; fi
  printf '%-12s %s\n' "$c" "$(jq -c '[(.linux.seccomp.syscalls[0].names | length), (.linux.seccomp.architectures | length),
    ([.linux.namespaces[].type] | index("user") != null), .root.readonly]' "$c/run/config.json")"
done

# 3. 先确认每个配置真的生效：同一个 rootfs 配一个探针 bundle，运行一段小脚本，
#    看 seccomp 模式（2 表示过滤器已装上）、uid_map 的第一行，以及根目录能不能写。
cat > probe.sh <<'SH'
grep Seccomp: /proc/self/status | tr -d '\t'
awk '{print "uid_map:", $1, $2, $3; exit}' /proc/self/uid_map
if touch /written 2>/dev/null; then echo 可写; else echo 只读; fi
SH
for c in "${configs[@]}"; do
  mkdir "$c/probe"
  cp probe.sh "$c/rootfs/probe.sh"
  jq '.process.args = ["/bin/busybox", "sh", "/probe.sh"]' "$c/run/config.json" > "$c/probe/config.json"
  printf '%-12s %s\n' "$c" "$(runc --root "$work/runc" run --bundle "$c/probe" "$id-$c" | paste -sd ' ')"
  rm -f "$c/rootfs/probe.sh" "$c/rootfs/written"
done

# 4. 计时：每次是一整个 runc run，前台运行，进程退出后 runc 自己删除容器，所以含创建、启动、等待和删除。
#    先各跑 1 次预热，再跑 40 轮，每轮六个配置各一次、顺序随机，抵消机器负载的漂移和前后次序的影响。
#    每次都检查输出是 ok，坏掉的配置不会因为「失败得快」而显得快。
n=40
for c in "${configs[@]}"; do runc --root "$work/runc" run --bundle "$c/run" "$id-$c" > /dev/null; done
for ((r = 0; r < n; r++)); do
  for c in $(shuf -e "${configs[@]}"); do
    t0="$EPOCHREALTIME"
    out="$(runc --root "$work/runc" run --bundle "$c/run" "$id-$c")"
    t1="$EPOCHREALTIME"
    if [ "$out" = ok ]; then echo "$c ${t0//[.,]/} ${t1//[.,]/}" >> times.txt; fi
  done
done
for c in "${configs[@]}"; do
  awk -v c="$c" '$1 == c {print ($3 - $2) / 1000}' times.txt | sort -n > "$c.ms"
  awk -v c="$c" '{v[NR] = $1} END {printf "%-12s 中位数 %6.1f ms  p90 %6.1f ms\n", c, v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.999)]}' "$c.ms"
done
awk -v n="$n" '{k[$1]++} END {for (c in k) if (k[c] != n) bad = 1; printf "每个配置 %d 次都输出了 ok：%s\n", n, (length(k) == 6 && !bad) ? "是" : "否"}' times.txt

# 5. 用中位数比较。启动代价几乎都来自 seccomp：过滤器由容器里的 runc init 在每次启动时现场生成。
#    runc 先把列出的架构加进过滤器，再逐条加规则，每条规则在每个架构上各生成一份，所以架构越多越慢。
#    用户命名空间和只读根在启动时几乎不花时间。
for c in "${configs[@]}"; do awk -v c="$c" '{v[NR] = $1} END {print c, v[int((NR + 1) / 2)]}' "$c.ms"; done > medians.txt
awk '{m[$1] = $2} END {
  ok = 1; for (c in m) if (m[c] >= 1000) ok = 0
  d = m["default"]; s = m["seccomp"] - d; u = m["userns"] - d; r = m["readonly"] - d
  printf "每种配置的中位数都在 1 秒以内：%s\n", ok ? "是" : "否"
  printf "三项里 seccomp 多花的时间最多：%s\n", (s > u && s > r) ? "是" : "否"
  printf "只列 x86_64 的 seccomp 比列三个架构的快：%s\n", (m["seccomp-x64"] < m["seccomp"]) ? "是" : "否"
  printf "用户命名空间和只读根各自多花不到 10 ms：%s\n", (u < 10 && r < 10) ? "是" : "否"
  printf "三项全开不到默认的 2 倍：%s\n", (m["all"] < 2 * d) ? "是" : "否"
  printf "三项全开与只开 seccomp 相差不到 10 ms：%s\n", (m["all"] - m["seccomp"] < 10 && m["seccomp"] - m["all"] < 10) ? "是" : "否"
}' medians.txt

# 6. runc 1.1.5 的用户命名空间要求 rootfs 的属主事先改成映射后的 id。每份 rootfs、每种映射做一次，成本随文件数增长。
#    两棵树分别有 1,000 和 20,000 个空文件，每目录 100 个；来回 chown 五次取中位数。
#    小树的每文件耗时偏高，因为启动 chown 本身的时间也摊在里面。
#    runc 1.2.0 起支持 idmapped 挂载：挂载时映射属主，不改文件，需要内核 5.12 以上和底层文件系统支持。
#    它只用于 mounts 里的 bind 挂载，所以数据卷不必再 chown；根文件系统要由上层引擎准备映射好的挂载。
mkdir -p t1k/d{001..010} t20k/d{001..200}
printf '%s\n' t1k/d{001..010}/f{001..100} | xargs touch
printf '%s\n' t20k/d{001..200}/f{001..100} | xargs touch
for tree in t1k t20k; do
  for i in 1 2 3 4 5; do
    owner=100000; if [ $((i % 2)) -eq 0 ]; then owner=0; fi
    t0="$EPOCHREALTIME"; chown -R "$owner:$owner" "$tree"; t1="$EPOCHREALTIME"
    echo "$((${t1//[.,]/} - ${t0//[.,]/}))"
  done | sort -n | sed -n 3p > "$tree.us"
done
awk -v a="$(cat t1k.us)" -v b="$(cat t20k.us)" 'BEGIN {
  printf "1000 个文件：中位数 %.1f ms，每个文件 %.1f 微秒\n", a / 1000, a / 1000
  printf "20000 个文件：中位数 %.1f ms，每个文件 %.1f 微秒\n", b / 1000, b / 20000
  printf "文件数多 20 倍，chown 时间也明显更长（3 倍以上）：%s\n", (b > 3 * a) ? "是" : "否"
}'
