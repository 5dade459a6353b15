#!/usr/bin/env bash
# @title 从工作负载推导 seccomp 白名单：记录系统调用、生成配置、测试，再看改动后哪里会坏
# @tools runc jq busybox strace scmp_sys_resolver
# @timeout 180
# @mask ^(close epoll_ctl execve fstatfs futex getdents64 getpid openat )rt_sigreturn (write)$ => $1$2
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
tracer=""
cleanup() {
  if [ -n "$tracer" ]; then kill "$tracer" >/dev/null 2>&1 || true; fi
  runc --root "$work/runc" delete -f "$id-rec" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 要加固的工作负载：一个由 busybox sh 执行的脚本，写一个文件、列目录、读 /proc/self/status、数字节数。
mkdir -p bundle/rootfs/bin bundle/rootfs/app bundle/rootfs/data
cp /bin/busybox bundle/rootfs/bin/busybox
cat > bundle/rootfs/app/job.sh <<'EOF'
set -e
echo "report ok" > /data/report.txt
ls /data
grep Seccomp: /proc/self/status
wc -c /data/report.txt
EOF
runc spec --bundle bundle
jq '.process.terminal = false | .root.readonly = false
  | .process.args = ["/bin/busybox", "sh", "/app/job.sh"]' bundle/config.json > base.json

# 2. 记录阶段的过滤器什么都不拦（defaultAction 为 SCMP_ACT_ALLOW）。create 之后，runc init 的主线程已经装上过滤器（Seccomp: 2），
#    它的其他 Go 线程没有（Seccomp: 0）：这些线程的系统调用不受过滤器约束，记录时要排除。
jq '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW"}' base.json > bundle/config.json
runc --root "$work/runc" create --bundle bundle "$id-rec" > record.out 2>&1
pid="$(runc --root "$work/runc" state "$id-rec" | jq .pid)"
grep Seccomp: "/proc/$pid/status"
others="$(ls "/proc/$pid/task" | grep -vx "$pid")"
for t in $others; do grep Seccomp: "/proc/$pid/task/$t/status"; done | sort -u

# 3. 用 strace 跟住这个进程的所有线程和它以后生出的子进程（-f），每个进程写一个文件（-ff），等它挂上再 start。
#    工作负载照常完成，输出在 record.out 里。
mkdir trace
strace -qq -ff -o trace/t -p "$pid" &
tracer=$!
until grep -q 'TracerPid:[[:space:]]*[1-9]' "/proc/$pid/status"; do sleep 0.1; done
runc --root "$work/runc" start "$id-rec"
wait "$tracer"
tracer=""
runc --root "$work/runc" delete "$id-rec"
cat record.out

# 4. 删掉那些 Go 线程的记录。主线程在 execve 之前的调用来自 runc 自己：打开并写 exec.fifo（openat、write），
#    列出并关闭多余的文件描述符（getdents64、close），最后 execve；futex 来自 Go 运行时。这些调用发生在过滤器装上之后，
#    白名单也必须放行。Go 运行时用信号抢占这个线程时（机器忙时常见），列表里还会有 rt_sigreturn。
for t in $others; do rm "trace/t.$t"; done
sed '/^execve(/q' "trace/t.$pid" | grep -oE '^[a-z0-9_]+\(' | tr -d '(' | sort -u | paste -sd ' '

# 5. 所有进程合起来用到的系统调用名字和个数；libseccomp（runc 用它把名字换成编号）认识每一个名字，解析失败（-1）的个数为 0。
cat trace/t.* | grep -oE '^[a-z0-9_]+\(' | tr -d '(' | sort -u > syscalls.txt
paste -sd ' ' syscalls.txt
wc -l < syscalls.txt
xargs -n 1 scmp_sys_resolver < syscalls.txt | grep -c -- '^-1$' || true

# 6. 用 jq 生成白名单：默认动作 SCMP_ACT_ERRNO，返回错误码 1（EPERM），只放行记录到的调用。
jq --rawfile names syscalls.txt '.linux.seccomp = {
    "defaultAction": "SCMP_ACT_ERRNO",
    "defaultErrnoRet": 1,
    "architectures": ["SCMP_ARCH_X86_64"],
    "syscalls": [{"names": ($names | split("\n") | map(select(. != ""))), "action": "SCMP_ACT_ALLOW"}]
  }' base.json > bundle/config.json
jq '.linux.seccomp' bundle/config.json

# 7. 在白名单下运行同一个工作负载：全部成功，容器里的进程处于 seccomp 过滤模式（2）。
runc --root "$work/runc" run --bundle bundle "$id"

# 8. 新版本的脚本多了一行 mkdir。记录时没见过 mkdir 调用，白名单拒绝它，返回 EPERM，set -e 让脚本以 1 退出。
sed '1a mkdir /data/cache' bundle/rootfs/app/job.sh > bundle/rootfs/app/job-v2.sh
cat bundle/rootfs/app/job-v2.sh
jq '.process.args = ["/bin/busybox", "sh", "/app/job-v2.sh"]' bundle/config.json > config.tmp
mv config.tmp bundle/config.json
runc --root "$work/runc" run --bundle bundle "$id" || echo "退出码：$?"

# 9. 审计模式：同一份白名单，默认动作换成 SCMP_ACT_LOG（它不带错误码，defaultErrnoRet 一并删掉）。
#    内核允许记录 log 动作。为了在内核日志里认出这个容器，复制一份名叫 busybox-audit 的 busybox 来运行（日志的 exe 字段是它在容器里的路径）。
cat /proc/sys/kernel/seccomp/actions_logged
cp bundle/rootfs/bin/busybox bundle/rootfs/bin/busybox-audit
jq '.linux.seccomp.defaultAction = "SCMP_ACT_LOG" | del(.linux.seccomp.defaultErrnoRet)
  | .process.args = ["/bin/busybox-audit", "sh", "/app/job-v2.sh"]' bundle/config.json > config.tmp
mv config.tmp bundle/config.json

# 10. mkdir 这次成功了，脚本跑完；内核日志里多了一条 type=1326 的审计记录：comm 是 mkdir（sh 为它 fork 出子进程，busybox 把子进程改名为 applet 名），
#     syscall=83 即 mkdir，code=0x7ffc0000 是 SECCOMP_RET_LOG。
#     先往内核日志写一行标记，只看它之后的记录。记录由内核线程稍后写出；没有 auditd 时还要经过 printk 限速，等不到就重跑一次。
marker="seccomp-lab $work"
echo "$marker" > /dev/kmsg
for try in 1 2 3 4 5; do
  rm -rf bundle/rootfs/data/cache
  runc --root "$work/runc" run --bundle bundle "$id" > audit.out
  for poll in $(seq 12); do
    dmesg | sed -n "\|$marker|,\$p" | grep 'type=1326' | grep 'exe="/bin/busybox-audit"' > audit.log || true
    if [ -s audit.log ]; then break 2; fi
    sleep 0.5
  done
done
cat audit.out
head -n 1 audit.log | grep -oE 'type=[0-9]+|comm="[^"]*"|exe="[^"]*"|syscall=[0-9]+|code=0x[0-9a-f]+' | paste -sd ' '
scmp_sys_resolver 83

# 11. 规范说动作不支持错误码时运行时必须报错；runc 1.1.5 不检查：SCMP_ACT_LOG 配上 defaultErrnoRet，它照样运行。
jq '.linux.seccomp.defaultErrnoRet = 1 | .process.args = ["/bin/busybox", "sh", "/app/job.sh"]' bundle/config.json > config.tmp
mv config.tmp bundle/config.json
runc --root "$work/runc" run --bundle bundle "$id" && echo "runc 退出码：0"
