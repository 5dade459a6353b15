#!/usr/bin/env bash
# @title 同样是 EPERM：用 strace 和 /proc 分清 seccomp 拦截与缺少能力
# @tools runc jq busybox strace capsh
# @timeout 120
# 以 root 运行；只用本机文件，不需要网络。strace 和 capsh 只在主机上使用，容器里只有 busybox。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in nocap seccomp both enosys; do
    runc --root "$work/runc" delete -f "$id-$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 准备根文件系统，里面有一个空目录 /mnt 作挂载点。runc spec 生成的默认配置只给 3 项能力，
#    没有 CAP_SYS_ADMIN，也没有 seccomp。这份配置原样用作第一个容器 nocap：只缺能力。
mkdir -p rootfs/bin rootfs/mnt nocap
cp /bin/busybox rootfs/bin/busybox
runc spec --bundle nocap
jq '.root = {"path": "../rootfs", "readonly": false} | .process.terminal = false
  | .process.args = ["/bin/busybox", "sleep", "600"]' nocap/config.json > config.tmp
mv config.tmp nocap/config.json
jq -c '{effective: .process.capabilities.effective, seccomp: .linux.seccomp}' nocap/config.json

# 2. 另外两个容器。seccomp：在边界集、有效集、许可集里补上 CAP_SYS_ADMIN，再用 seccomp 拒绝 mount，规则不写 errnoRet，
#    按规范默认返回 EPERM。both：不给能力，同样拒绝 mount，两层都拦。三个容器都在后台运行。
mkdir seccomp both
jq '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
    "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ERRNO"}]}' nocap/config.json > both/config.json
jq '.process.capabilities |= (.bounding += ["CAP_SYS_ADMIN"] | .effective += ["CAP_SYS_ADMIN"]
  | .permitted += ["CAP_SYS_ADMIN"])' both/config.json > seccomp/config.json
for name in seccomp both; do
  jq -c '{effective: .process.capabilities.effective, seccomp: .linux.seccomp.syscalls}' "$name/config.json"
done
for name in nocap seccomp both; do
  runc --root "$work/runc" run --detach --bundle "$name" "$id-$name"
done

# 3. 在主机上按 runc state 给出的 pid 读 /proc/<pid>/status，先确认每个容器有哪几层限制。
#    Seccomp: 2 表示过滤模式，0 表示没有过滤器；capsh 解码 CapEff，看里面有没有 cap_sys_admin。
#    nocap 与 seccomp 各有一层，读 /proc 就能分清。both 两层都有，/proc 说不出 EPERM 是哪一层给的。
#    后面 runc exec 启动的进程沿用同一份 process 配置，这两项与 1 号进程相同。
for name in nocap seccomp both; do
  pid="$(runc --root "$work/runc" state "$id-$name" | jq .pid)"
  echo "[$name]"
  grep -E '^(CapEff|Seccomp|Seccomp_filters):' "/proc/$pid/status"
  capsh --decode="$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")"
done

# 4. 在主机上用 strace 跟踪 runc exec：-f 跟进 runc 派生的全部进程，直到容器里的 busybox。
#    runc 自己也调用 mount，但都成功，status=failed 只留下失败的调用；-qq 和 signal=none 去掉退出和信号的提示行。
#    最后用 grep 只取 mount 调用本身，去掉行首的 pid。
#    挂载点 /mnt 存在：两个容器的 trace 一字不差，都是 EPERM。busybox 的报错也一样，
#    还问你是不是 root，其实进程就是 root。只看这一行分不出是哪一层拦的。
trace_mount() {
  strace -f -qq -e trace=mount -e status=failed -e signal=none -o trace.txt \
    runc --root "$work/runc" exec "$1" /bin/busybox mount -t tmpfs none "$2" || echo "退出码：$?"
  grep -o 'mount(.*' trace.txt
}
trace_mount "$id-nocap" /mnt
trace_mount "$id-seccomp" /mnt

# 5. 换一个不存在的挂载点再试，结果就分开了。内核执行 mount 时先查找挂载点，再检查 CAP_SYS_ADMIN，
#    所以只缺能力的 nocap 得到 ENOENT。seccomp 过滤器在系统调用入口就返回，内核根本没看参数，仍是 EPERM。
#    both 也是 EPERM：seccomp 先于能力检查，它一拦，缺能力的问题就被挡在后面看不到了。
#    经验：换个必错的参数，错误码跟着变，说明调用真的进了内核；怎么改都是同一个错误码，先查 seccomp。
for name in nocap seccomp both; do
  echo "[$name]"
  trace_mount "$id-$name" /does-not-exist
done

# 6. 自己写 seccomp 配置时，可以给 SCMP_ACT_ERRNO 写 errnoRet，让拦截一眼可认。这里填 38，即 ENOSYS：
#    mount 在任何 Linux 内核里都存在，trace 里看到它返回 ENOSYS，只可能是 seccomp 给的。
#    注意有的程序把 ENOSYS 当作「内核不支持」，会改走备用路径，选错误码前要想到这一点。
mkdir enosys
jq '.linux.seccomp.syscalls[0].errnoRet = 38' seccomp/config.json > enosys/config.json
jq -c '.linux.seccomp.syscalls' enosys/config.json
runc --root "$work/runc" run --detach --bundle enosys "$id-enosys"
trace_mount "$id-enosys" /mnt
