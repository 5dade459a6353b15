#!/usr/bin/env bash
# @title 加固前后对比：同一个服务分别跑在 runc spec 的默认配置和一份完整的加固配置里，再用同一组攻击探针检验
# @tools runc jq busybox
# @timeout 180
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID 前缀，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in default hardened no-seccomp; do
    runc --root "$work/runc" delete -f "$id-$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 三个 bundle 共用的根文件系统：静态 busybox、一个 app 用户（1000:1000）和一个最小的 Web 服务：
#    读配置，把页面写进 /tmp，然后在 80 端口前台运行 busybox httpd。
#    镜像里的 /tmp 是 1777：runc 在 /tmp 上挂 tmpfs 之后，会把它的权限改成镜像里这个目录原有的权限。
#    挂载点 /proc、/sys、/dev 也事先建好：加固组里的 root 在主机上只是 uid 100000，不能在属于主机 root 的 rootfs 里新建目录。
mkdir -p rootfs/bin rootfs/etc rootfs/app rootfs/proc rootfs/sys rootfs/dev
mkdir -m 1777 rootfs/tmp
cp /bin/busybox rootfs/bin/busybox
printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/tmp:/bin/sh\n' > rootfs/etc/passwd
printf 'root:x:0:\napp:x:1000:\n' > rootfs/etc/group
printf 'PORT=80\nGREETING="hello from app"\n' > rootfs/app/app.conf
cat > rootfs/app/service.sh <<'EOF'
#!/bin/busybox sh
set -eu
. /app/app.conf
mkdir -p /tmp/www
echo "$GREETING" > /tmp/www/index.html
exec httpd -f -p "$PORT" -h /tmp/www
EOF
chmod 755 rootfs/app/service.sh

# 2. 默认组：runc spec 的输出，只改终端、启动命令和 root。runc spec 本来就把根文件系统设为只读，
#    这里改回可写（多数容器引擎的默认做法），否则服务写不了 /tmp。
#    改完之后与安全有关的字段依次是：root 用户、三项能力、五个命名空间、只有一条拒绝所有设备的控制组规则、没有 seccomp。
mkdir default hardened no-seccomp
runc spec --bundle default
jq -c '.root' default/config.json
jq '.process.terminal = false | .process.args = ["/app/service.sh"]
  | .root = {"path": "../rootfs", "readonly": false}' default/config.json > config.tmp
mv config.tmp default/config.json
jq -c '.process.user, .process.capabilities.bounding, [.linux.namespaces[].type], .linux.resources, .linux.seccomp' default/config.json

# 3. 加固组：从默认配置出发，用一个 jq 程序改出完整的加固配置，程序里的注释说明每一组字段。
#    seccomp 的放行名单来自用 strace 跟踪这个服务和下面第 5 至 7 步的命令，包括 runc 装好过滤器之后自己还要用的几个。
#    另外补上了 geteuid 和 getegid：跟踪时没出现，可一旦被拒绝，它们返回的 -38 会被程序当成一个奇怪的 uid。
#    对照组 no-seccomp 与加固组只差 seccomp，用来看去掉这一层之后，其余各层还挡得住什么。
#    加固组的 root 在主机上是 uid 100000，要能穿过工作目录才走得到 rootfs，所以工作目录改成 711。
cat > harden.jq <<'EOF'
# 进程：非 root 用户，新建文件只有属主可读写（umask 63 即八进制 077），不能再获得新权限
.process.user = {"uid": 1000, "gid": 1000, "umask": 63}
| .process.noNewPrivileges = true
# 能力：一项都不给。服务要监听 80 端口，靠的是下面网络命名空间里的 sysctl，而不是 CAP_NET_BIND_SERVICE
| .process.capabilities = {"bounding": [], "effective": [], "permitted": [], "inheritable": [], "ambient": []}
# rlimit：限制打开的文件数，core 文件大小上限为 0；进程数交给 pids 控制组（RLIMIT_NPROC 数的是同一用户的全部进程，不分容器）
| .process.rlimits = [
    {"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024},
    {"type": "RLIMIT_CORE", "hard": 0, "soft": 0}
  ]
# 文件系统：根只读，给应用写的只有 /tmp 上的小 tmpfs（/dev/shm 和 /dev/mqueue 也可写）；
# 挂载都带 nosuid、noexec，除了放设备文件的 /dev 和 /dev/pts 都带 nodev
| .root.readonly = true
| (.mounts[] | select(.destination == "/proc")).options = ["nosuid", "noexec", "nodev"]
| (.mounts[] | select(.destination == "/dev")).options += ["noexec"]
| .mounts += [{
    "destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
    "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=16m"]
  }]
# 命名空间：再加 cgroup 和 user；容器里的 0–65535 对应主机上的 100000–165535
| .linux.namespaces += [{"type": "cgroup"}, {"type": "user"}]
| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
# 资源：最多 64 个进程、64 MiB 内存、每 100 ms 最多 50 ms CPU（半个 CPU）
| .linux.resources += {
    "pids": {"limit": 64},
    "memory": {"limit": 67108864},
    "cpu": {"quota": 50000, "period": 100000}
  }
# sysctl：只改容器自己网络命名空间里的参数，让 80 及以上的端口不再需要特权
| .linux.sysctl = {"net.ipv4.ip_unprivileged_port_start": "80"}
# 屏蔽路径：在 runc 的默认列表上再加 RAPL 能耗计数器（可被用作侧信道）
| .linux.maskedPaths += ["/sys/devices/virtual/powercap"]
# seccomp：默认拒绝并返回 ENOSYS（38），只认 x86_64 的系统调用号；第一条规则是放行名单，
# 第二条只在 clone 的标志里没有任何 CLONE_NEW*（掩码 0x7E020000 = 2114060288）时放行：可以 fork，不能借 clone 建命名空间
| .linux.seccomp = {
    "defaultAction": "SCMP_ACT_ERRNO",
    "defaultErrnoRet": 38,
    "architectures": ["SCMP_ARCH_X86_64"],
    "syscalls": [
      {
        "action": "SCMP_ACT_ALLOW",
        "names": [
          "accept", "alarm", "arch_prctl", "bind", "brk", "chdir", "clock_nanosleep", "close",
          "connect", "dup2", "epoll_ctl", "execve", "exit_group", "fcntl", "fstatfs", "futex",
          "getcwd", "getdents64", "getegid", "geteuid", "getgid", "getpid", "getppid", "getrandom",
          "getuid", "listen", "lseek", "mkdir", "mmap", "mprotect", "munmap", "newfstatat", "openat",
          "pipe2", "poll", "prctl", "prlimit64", "read", "readlink", "rseq", "rt_sigaction",
          "rt_sigreturn", "sendfile", "set_robust_list", "set_tid_address", "setgid", "setsockopt",
          "setuid", "shutdown", "socket", "umask", "uname", "wait4", "write"
        ]
      },
      {
        "action": "SCMP_ACT_ALLOW",
        "names": ["clone"],
        "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]
      }
    ]
  }
EOF
jq -f harden.jq default/config.json > hardened/config.json
jq 'del(.linux.seccomp)' hardened/config.json > no-seccomp/config.json
chmod 711 "$work"

# 4. 完整的加固配置。
# @oci runtime-config
cat hardened/config.json

# 5. 三组各起一个容器，等 httpd 开始监听，再各做一次健康检查：同一个服务在默认组和加固组里都正常返回页面。
for c in default hardened no-seccomp; do
  runc --root "$work/runc" run --detach --bundle "$c" "$id-$c"
  runc --root "$work/runc" exec "$id-$c" /bin/busybox sh -c \
    'for i in $(seq 50); do wget -q -O /dev/null http://127.0.0.1/ 2>/dev/null && exit 0; sleep 0.1; done; exit 1'
done
runc --root "$work/runc" exec "$id-default" /bin/busybox wget -q -O - http://127.0.0.1/
runc --root "$work/runc" exec "$id-hardened" /bin/busybox wget -q -O - http://127.0.0.1/

# 6. 服务进程（容器里的 1 号进程 httpd）自己的权限。默认组：root，有效能力集是三项能力（0x20000420），没有 seccomp（0）；
#    NoNewPrivs 是 1，因为 runc spec 本来就设了 noNewPrivileges。
#    加固组：uid 1000，一项能力也没有，seccomp 处于过滤模式（2）。httpd 能监听 80 端口，是因为容器的网络命名空间里
#    非特权端口从 80 开始。
runc --root "$work/runc" exec "$id-default" /bin/busybox grep -E '^(Uid|CapEff|NoNewPrivs|Seccomp):' /proc/1/status
runc --root "$work/runc" exec "$id-hardened" /bin/busybox grep -E '^(Uid|CapEff|NoNewPrivs|Seccomp):' /proc/1/status
runc --root "$work/runc" exec "$id-hardened" /bin/busybox cat /proc/sys/net/ipv4/ip_unprivileged_port_start

# 7. 用户命名空间：从主机上看，默认组的 httpd 是 uid 0，加固组的是 101000（容器里的 1000 加上映射的起点 100000）。
#    容器里看，ID 映射就是配置里写的那一段；rootfs 里属于主机 root 的文件没有映射，属主显示为 65534（nobody），
#    但其他人的读权限还在，所以第 5 步的服务照样读到了配置。
grep '^Uid:' "/proc/$(runc --root "$work/runc" state "$id-default" | jq .pid)/status"
grep '^Uid:' "/proc/$(runc --root "$work/runc" state "$id-hardened" | jq .pid)/status"
runc --root "$work/runc" exec "$id-hardened" /bin/busybox cat /proc/self/uid_map
runc --root "$work/runc" exec "$id-hardened" /bin/busybox stat -c '%u:%g %A %n' /app/app.conf /app/service.sh

# 8. 攻击者拿到容器里的 shell 之后常做的几件事，每项只记结果：ok，或者按 busybox 的错误信息归类的错误名。
#    最后一项启动 100 个后台进程，代替真正的 fork 炸弹。探针脚本不放进镜像，用 runc exec 以服务的身份在三个容器里各跑一遍。
cat > probes.sh <<'EOF'
try() {
  name=$1; shift
  if err=$("$@" 2>&1 >/dev/null); then result=ok
  else
    case $err in
      *"not permitted"*|*"are you root"*) result=EPERM ;;
      *"Permission denied"*) result=EACCES ;;
      *"Read-only file system"*) result=EROFS ;;
      *"not implemented"*) result=ENOSYS ;;
      *"temporarily unavailable"*) result=EAGAIN ;;
      *) result="other: $err" ;;
    esac
  fi
  echo "$name $result"
}
try write-rootfs sh -c 'echo x > /bin/probe && rm /bin/probe'
try exec-in-tmp sh -c 'cp /bin/busybox /tmp/busybox && /tmp/busybox true'
try chown sh -c 'echo > /tmp/f && chown 1234 /tmp/f'
try mknod mknod /tmp/null c 1 3
try sethostname hostname evil
try mount sh -c 'mkdir -p /tmp/m && mount -t tmpfs none /tmp/m'
try unshare-user unshare -U true
try raw-socket ping -c 1 -W 1 127.0.0.1
try spawn-100 sh -c 'i=0; while [ $i -lt 100 ]; do sleep 60 2>/dev/null & i=$((i + 1)); done'
EOF
runc --root "$work/runc" exec "$id-default" /bin/busybox sh -c "$(cat probes.sh)" > default.txt
runc --root "$work/runc" exec "$id-hardened" /bin/busybox sh -c "$(cat probes.sh)" > hardened.txt
runc --root "$work/runc" exec "$id-no-seccomp" /bin/busybox sh -c "$(cat probes.sh)" > no-seccomp.txt

# 9. 对照表。默认组挡住的（EPERM）靠的是 runc spec 只给了三项能力。加固组里，EROFS 来自只读根文件系统，
#    EACCES 来自 /tmp 的 noexec，ENOSYS 来自 seccomp 的默认动作，EAGAIN 来自 pids 上限。
#    去掉 seccomp 之后，chown、mknod、改主机名和挂载仍被拒绝，这回挡住它们的是能力检查；
#    只有创建用户命名空间变成了 ok：非特权进程本来就可以这样做，挡住它的只有 seccomp。
printf '%-13s %-8s %-9s %s\n' probe default hardened no-seccomp
paste -d ' ' default.txt hardened.txt no-seccomp.txt | while read -r probe a _ b _ c; do
  printf '%-13s %-8s %-9s %s\n' "$probe" "$a" "$b" "$c"
done

# 10. 后台进程探针留下的 sleep 还在。默认组没有进程数上限：1 个 httpd 加 100 个 sleep。
#     加固组的进程数顶到 64 的上限后 fork 就失败了；探针的两个 shell 退出之后，剩下 1 个 httpd 和 61 个 sleep。
runc --root "$work/runc" events --stats "$id-default" | jq -c '.data.pids'
runc --root "$work/runc" events --stats "$id-hardened" | jq -c '.data.pids'
