#!/usr/bin/env bash
# @title 从主机进入容器：/proc/<pid>、nsenter 与 runc exec 的区别，调试没有 shell 的容器
# @tools runc jq busybox nsenter capsh ip ss ps hostname
# @timeout 60
# @mask ^ *\d+ (/bin/httpd -f) => <主机 pid> $1
# @mask ^NSpid:(\s+)\d+ => NSpid:$1<主机 pid>
# @mask ^(NSpid:\s+<主机 pid>\s+)(?!1$)\d+$ => $1<容器里的 pid>
# @mask ^ *\d+ (sh|ps)$ => <pid> $1
# @mask :\[\d+\] => :[<inode>]
# @mask ,pid=\d+, => ,pid=<主机 pid>,
# @mask ^/proc/\d+/ => /proc/<主机 pid>/
# 以 root 运行；只用本机文件，不需要网络。nsenter 来自 util-linux，ip 和 ss 来自 iproute2，都在主机上运行。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
bg=""
cleanup() {
  for name in "$id" "$id-noshell" "$id-debug"; do
    runc --root "$work/runc" delete -f "$name" >/dev/null 2>&1 || true
  done
  if [ -n "$bg" ]; then kill "$bg" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 第一个容器是带 busybox 的普通镜像：/bin 下的 sh、ps、hostname 等程序都是指向 busybox 的符号链接。
#    1 号进程是监听 8080 端口的 httpd，主机名 web-1。
#    像 Docker 一样加一个小的 seccomp 过滤器，禁止 unshare 和 setns；cgroupsPath 写绝对路径，各控制器下的路径都一样。
mkdir -p bundle/rootfs/bin bundle/rootfs/www
cp /bin/busybox bundle/rootfs/bin/busybox
for app in sh ps ls cat grep hostname sleep wget httpd; do ln -s busybox "bundle/rootfs/bin/$app"; done
echo 'hello from web-1' > bundle/rootfs/www/index.html
runc spec --bundle bundle
jq --arg cg "/$id" '.process.terminal = false | .hostname = "web-1" | .linux.cgroupsPath = $cg
  | .process.args = ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"]
  | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
      "syscalls": [{"names": ["unshare", "setns"], "action": "SCMP_ACT_ERRNO"}]}' bundle/config.json > config.tmp
mv config.tmp bundle/config.json
jq -c '{hostname, cgroupsPath: .linux.cgroupsPath, namespaces: [.linux.namespaces[].type]}' bundle/config.json

# 2. 启动后，runc state 的 pid 是 1 号进程在主机上的 pid，runc ps 列出的也是主机 pid。
#    /proc/<pid>/status 的 NSpid 一行把两个编号并排列出：主机上的 pid，和容器 pid 命名空间里的 1。
runc --root "$work/runc" run --detach --bundle bundle "$id"
# @oci runtime-state
runc --root "$work/runc" state "$id"
pid="$(runc --root "$work/runc" state "$id" | jq .pid)"
runc --root "$work/runc" ps "$id" -o pid,args
grep NSpid "/proc/$pid/status"

# 3. 对比 /proc/<pid>/ns 和主机 shell 的 /proc/self/ns：链接里的 inode 号相同，就是同一个命名空间。
#    runc spec 默认新建 ipc、mnt、net、pid、uts 五个；cgroup、time、user 与主机共用。
for ns in cgroup ipc mnt net pid time user uts; do
  link="$(readlink "/proc/$pid/ns/$ns")"
  if [ "$link" = "$(readlink "/proc/self/ns/$ns")" ]; then echo "$link 与主机相同"; else echo "$link 容器自己的"; fi
done

# 4. 同一个 pid 的 cgroup、能力和安全设置：每个控制器下都是 cgroupsPath 给的路径；CapEff 只有 runc spec 默认的三项能力；
#    最后一行 0:: 是 cgroup v2 层级。NoNewPrivs 为 1；Seccomp 为 2 表示处于过滤模式，装了 1 个过滤器。
cat "/proc/$pid/cgroup"
grep -E '^(CapEff|NoNewPrivs|Seccomp|Seccomp_filters):' "/proc/$pid/status"
capsh --decode="$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")"

# 5. 不进容器也能读它的文件：/proc/<pid>/root 就是这个进程看到的根目录。
#    mountinfo 第 4、5 列是源目录和挂载点，「-」之后是文件系统类型：容器的 / 是 bundle 里的 rootfs，/proc 是新挂的 proc。
ls "/proc/$pid/root/"
cat "/proc/$pid/root/www/index.html"
awk 'NR <= 6 {for (i = 7; $i != "-"; i++); print $5, $(i + 1), $4}' "/proc/$pid/mountinfo"

# 6. nsenter 按 pid 加入五个命名空间，运行的 sh、ps 都是容器里的程序：
#    主机名是 web-1，ps 只有容器里的进程，/ 是容器的根目录。--pid 要和 --mount 一起用：
#    ps 读的是 /proc，不进挂载命名空间，读到的仍是主机的 /proc，列出的是主机的进程。
nsenter --target "$pid" --uts --ipc --net --pid --mount sh -c 'hostname; ps -o pid,comm; ls /'

# 7. 用 runc exec 和 nsenter 各在容器里启动一个 sleep，再从主机读它们的 /proc。
#    runc exec 的进程照容器配置处理：在容器的 cgroup 里，能力、NoNewPrivs、seccomp 都和 1 号进程一样。
runc --root "$work/runc" exec --detach --pid-file exec.pid "$id" sleep 600
nsenter --target "$pid" --uts --ipc --net --pid --mount sleep 600 &
bg=$!
disown
until nspid="$(pgrep -P "$bg")"; do sleep 0.1; done
grep -E '^(NSpid|CapEff|NoNewPrivs|Seccomp):' "/proc/$(cat exec.pid)/status"
grep pids "/proc/$(cat exec.pid)/cgroup"

# 8. nsenter 的进程只换了命名空间：NSpid 说明它在容器的 pid 命名空间里，但没有 NoNewPrivs、没有 seccomp，
#    能力和 cgroup 都与主机 shell 相同，容器的内存、pids 限制管不到它。nsenter 的 -C 只加入 cgroup 命名空间，不换 cgroup。
grep -E '^(NSpid|NoNewPrivs|Seccomp):' "/proc/$nspid/status"
if cmp -s "/proc/$nspid/cgroup" /proc/self/cgroup; then echo "cgroup 与主机 shell 相同"; else echo "cgroup 不同"; fi
if [ "$(grep CapEff "/proc/$nspid/status")" = "$(grep CapEff /proc/self/status)" ]; then echo "CapEff 与主机 shell 相同"; fi
kill "$nspid" "$(cat exec.pid)"

# 9. 后果：容器里的 root 没有 CAP_SYS_ADMIN，改不了主机名；从主机 nsenter 进 uts 命名空间就能改，容器随即看到新名字。
#    排障时 nsenter 更方便，也更不受约束。
runc --root "$work/runc" exec "$id" hostname db-1 || echo "退出码：$?"
nsenter --target "$pid" --uts hostname db-1
runc --root "$work/runc" exec "$id" hostname

# 10. 第二个容器模仿没有 shell 的精简镜像：rootfs 里只有 /bin/httpd 一个程序。
#     它是 busybox 的拷贝，不是链接；busybox 按程序名选功能，叫 httpd 就只能当 httpd 用。
mkdir -p noshell/rootfs/bin noshell/rootfs/www
cp /bin/busybox noshell/rootfs/bin/httpd
echo 'hello from api-1' > noshell/rootfs/www/index.html
jq --arg cg "/$id-noshell" '.root.path = "rootfs" | .hostname = "api-1" | .linux.cgroupsPath = $cg' \
  bundle/config.json > noshell/config.json
runc --root "$work/runc" run --detach --bundle noshell "$id-noshell"
pid2="$(runc --root "$work/runc" state "$id-noshell" | jq .pid)"
ls "/proc/$pid2/root/" "/proc/$pid2/root/bin"

# 11. runc exec 只能运行容器 rootfs 里有的程序：没有 sh，也没有 ls，退出码 255，错误信息说 PATH 里找不到。
runc --root "$work/runc" exec "$id-noshell" sh || echo "退出码：$?"
runc --root "$work/runc" exec "$id-noshell" ls / || echo "退出码：$?"

# 12. 只加入网络命名空间，挂载命名空间还是主机的，于是主机上的 ip、ss、busybox wget 都能用，看到的是容器的网络：
#     只有 lo；8080 端口由 httpd 监听，ss 给出的是它在主机上的 pid。先轮询到端口开始监听，再看。
until nsenter --target "$pid2" --net ss -ltn | grep -q ':8080 '; do sleep 0.1; done
nsenter --target "$pid2" --net ip -br addr
nsenter --target "$pid2" --net ss -ltnp
nsenter --target "$pid2" --net busybox wget -qO- http://127.0.0.1:8080/

# 13. 受约束的办法是「调试容器」：另起一个带 busybox 和调试脚本的容器，配置里用 path 加入目标的 pid、net、ipc、uts 命名空间，
#     挂载命名空间自己新建。它看得到目标的进程，1 号是 httpd，经 /proc/1/root 读目标的文件，经 lo 访问目标的端口；
#     它自己也照配置装了 seccomp、设了能力，放在自己的 cgroup 里。
mkdir -p debug/rootfs
cp -a bundle/rootfs/bin debug/rootfs/bin
cat > debug/rootfs/debug.sh <<'EOF'
hostname
ps -o pid,comm
ls /proc/1/root/www
wget -qO- http://127.0.0.1:8080/
grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status
grep pids /proc/self/cgroup
EOF
jq --arg ns "/proc/$pid2/ns" --arg cg "/$id-debug" '.root.path = "rootfs" | del(.hostname)
  | .linux.cgroupsPath = $cg | .process.args = ["sh", "/debug.sh"]
  | .linux.namespaces = [{"type": "pid", "path": "\($ns)/pid"}, {"type": "network", "path": "\($ns)/net"},
      {"type": "ipc", "path": "\($ns)/ipc"}, {"type": "uts", "path": "\($ns)/uts"}, {"type": "mount"}]' \
  bundle/config.json > debug/config.json
runc --root "$work/runc" run --bundle debug "$id-debug"
