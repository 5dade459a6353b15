#!/usr/bin/env bash
# @title seccomp 动作逐个看：ERRNO、errnoRet、KILL_PROCESS、LOG 与参数过滤
# @tools runc jq busybox dmesg
# @timeout 120
# @mask ^\[ *\d+\.\d+\] => [<时间>]
# @mask audit\(\d+\.\d+:\d+\) => audit(<时间>:<序号>)
# @mask \bauid=\d+ => auid=<登录 uid>
# @mask \bses=\d+ => ses=<会话>
# @mask \bpid=\d+ => pid=<pid>
# @mask \bip=0x[0-9a-f]+ => ip=<地址>
# 以 root 运行；只用本机文件，不需要网络。内核日志要能用 dmesg 读到（没有 auditd 接管审计记录）。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id-kill-errno" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 内核允许把哪些 seccomp 动作写进日志：列表里有 kill_process 和 log。这只是「允许」：
#    errno、trap、trace 的结果还要过滤器装载时带 SECCOMP_FILTER_FLAG_LOG 才会记录，第 7 步末尾可以看到。
#    再往内核日志写一行标记，后面只看标记之后的记录（主机的 pid 会被重复使用）。
cat /proc/sys/kernel/seccomp/actions_logged
echo "$id mark" > /dev/kmsg

# 2. 准备 bundle 和一个 seccomp 配置：默认放行；五条规则用到 ERRNO、KILL_PROCESS、LOG 三种动作，其中一条按参数过滤。
mkdir -p bundle/rootfs/bin
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle
jq '.process.terminal = false | .process.args = ["/bin/busybox", "sleep", "600"] | .root.readonly = false
  | .linux.seccomp = {
      "defaultAction": "SCMP_ACT_ALLOW",
      "architectures": ["SCMP_ARCH_X86_64"],
      "syscalls": [
        {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"},
        {"names": ["unlink", "unlinkat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
        {"names": ["sync"], "action": "SCMP_ACT_KILL_PROCESS"},
        {"names": ["uname"], "action": "SCMP_ACT_LOG"},
        {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
         "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_NE"}]}
      ]
    }' bundle/config.json > config.tmp
mv config.tmp bundle/config.json
jq -c '.linux.seccomp.syscalls[]' bundle/config.json
runc --root "$work/runc" run --detach --bundle bundle "$id"

# 3. 容器里的进程处于 seccomp 过滤模式（Seccomp: 2），装有 1 个过滤器。
runc --root "$work/runc" exec "$id" /bin/busybox grep -E '^Seccomp' /proc/self/status

# 4. SCMP_ACT_ERRNO 不写 errnoRet：mkdir 得到规范规定的默认错误码 EPERM，busybox 报 Operation not permitted。
runc --root "$work/runc" exec "$id" /bin/busybox mkdir /new-dir || echo "退出码：$?"

# 5. SCMP_ACT_ERRNO 加 "errnoRet": 38：创建文件不受影响，删除它时 unlink 得到 ENOSYS（Function not implemented），文件还在。
runc --root "$work/runc" exec "$id" /bin/busybox touch /victim
runc --root "$work/runc" exec "$id" /bin/busybox rm /victim || echo "退出码：$?"
runc --root "$work/runc" exec "$id" /bin/busybox ls /victim

# 6. SCMP_ACT_KILL_PROCESS：进程一调用 sync 就被 SIGSYS（31 号信号）杀死，runc exec 报 128 + 31 = 159。
#    内核日志里有它的审计记录（type=1326）：sig=31、syscall=162（x86_64 的 sync）、code=0x80000000（SECCOMP_RET_KILL_PROCESS）。
#    记录里的 auid=4294967295 表示没有登录 uid，arch=c000003e 是 x86_64。runc exec 没有打印任何错误信息：
#    进程被 seccomp 杀死时，能看到的只有退出码 159 和这条审计记录。
#    --pid-file 记下这个进程在主机上的 pid，用它筛选；审计记录由 kauditd 异步写出，所以轮询到它出现为止。
#    被杀的只是这个进程，容器的 1 号进程还在运行。
runc --root "$work/runc" exec --pid-file kill.pid "$id" /bin/busybox sync || echo "退出码：$?"
pid="$(cat kill.pid)"
until dmesg | sed -n "/$id mark/,\$p" | grep " pid=$pid "; do sleep 0.2; done
runc --root "$work/runc" state "$id" | jq -r .status

# 7. SCMP_ACT_LOG：uname 照常执行，打印主机名 runc；内核另外记下一条审计记录：
#    sig=0（没有信号）、syscall=63（x86_64 的 uname）、code=0x7ffc0000（SECCOMP_RET_LOG）。
#    最后数一数标记之后有几条 mkdir（syscall=83）的记录：0 条。第 4 步的 EPERM 没有留下任何痕迹，
#    因为这个过滤器没有带 SECCOMP_FILTER_FLAG_LOG（runc 1.1.5 也不支持 flags）。
runc --root "$work/runc" exec --pid-file log.pid "$id" /bin/busybox uname -n
pid="$(cat log.pid)"
until dmesg | sed -n "/$id mark/,\$p" | grep " pid=$pid "; do sleep 0.2; done
dmesg | sed -n "/$id mark/,\$p" | grep -c ' syscall=83 ' || true

# 8. 参数过滤：规则只在第一个参数不等于 0（SCMP_CMP_NE）时拒绝 personality。
#    linux64 调用 personality(0)，放行；linux32 调用 personality(0x8)，得到 EPERM。
runc --root "$work/runc" exec "$id" /bin/busybox linux64 /bin/busybox uname -m
runc --root "$work/runc" exec "$id" /bin/busybox linux32 /bin/busybox uname -m || echo "退出码：$?"

# 9. 给 SCMP_ACT_KILL_PROCESS 写 errnoRet：规范 v1.3.0 要求运行时报错并失败，
#    runc 1.1.5 却不报错，照常启动容器并忽略 errnoRet，进程仍被 SIGSYS 杀死，退出码 159。
mkdir kill-errno
jq '.root.path = "../bundle/rootfs" | .process.args = ["/bin/busybox", "sync"]
  | .linux.seccomp.syscalls = [{"names": ["sync"], "action": "SCMP_ACT_KILL_PROCESS", "errnoRet": 38}]' \
  bundle/config.json > kill-errno/config.json
jq -c '.linux.seccomp.syscalls[]' kill-errno/config.json
runc --root "$work/runc" run --bundle kill-errno "$id-kill-errno" || echo "退出码：$?"
