#!/usr/bin/env bash
# @title 日志从哪里来：runc 怎样接上容器的 stdout/stderr，读端停下时应用会怎样
# @tools runc jq busybox script
# @timeout 60
# @mask pipe:\[\d+\] => pipe:[<inode>]
# 以 root 运行；只用本机文件，不需要网络。script 来自 Debian 的 bsdutils 包，用来给前台 runc 一个终端。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
readers=()
cleanup() {
  for name in "$id" "$id-pipe" "$id-stall" "$id-tty" "$id-nosock"; do
    runc --root "$work/runc" delete -f "$name" >/dev/null 2>&1 || true
  done
  for p in "${readers[@]}"; do
    kill -KILL "$p" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 直通模式（terminal: false）加 detach：runc 把自己的 0、1、2 原样交给容器进程，然后退出。
#    这里 runc 的 stdout、stderr 分别重定向到两个文件，容器进程的 1、2 号描述符就直接指向这两个文件，中间没有任何转发进程。
mkdir -p rootfs/bin base
cp /bin/busybox rootfs/bin/busybox
runc spec --bundle base
jq '.root = {"path": "../rootfs", "readonly": false} | .process.terminal = false
  | .process.args = ["/bin/busybox", "sh", "-c", "echo out; echo err >&2; exec /bin/busybox sleep 600"]' \
  base/config.json > config.tmp
mv config.tmp base/config.json
runc --root "$work/runc" run --detach --bundle base "$id" > out.log 2> err.log < /dev/null
pid="$(runc --root "$work/runc" state "$id" | jq .pid)"
for fd in 0 1 2; do echo "fd $fd -> $(readlink "/proc/$pid/fd/$fd")"; done
until [ -s out.log ] && [ -s err.log ]; do sleep 0.1; done
head out.log err.log

# 2. 像 shim 那样接管道：先开一个匿名管道，读端交给后台的 cat，由它写日志文件；写端交给 runc 作 stdout。
#    containerd-shim、conmon 给容器的也是管道，只是读端在 shim 里。容器的 fd 1 现在是 pipe:[…]，和 cat 的 fd 0 是同一个管道。
#    exec 4> >(…) 让本 shell 的 4 号描述符成为这个管道的写端，交给 runc 后立即关掉，只留容器手里那一份。
#    容器先写一行 line1，然后等主机上出现 /go 文件再接着写。
mkdir pipe
jq '.process.args = ["/bin/busybox", "sh", "-c", "echo line1
    while [ ! -e /go ]; do /bin/busybox sleep 0.1; done
    /bin/busybox echo line2; echo \"echo 的退出码：$?\" >&2
    trap \"\" PIPE
    /bin/busybox echo line3; echo \"忽略 SIGPIPE 后 echo 的退出码：$?\" >&2
    exec /bin/busybox sleep 600"]' base/config.json > pipe/config.json
exec 4> >(exec cat > pipe.log)
reader=$!
readers+=("$reader")
runc --root "$work/runc" run --detach --bundle pipe "$id-pipe" >&4 2> pipe-err.log < /dev/null
exec 4>&-
pid="$(runc --root "$work/runc" state "$id-pipe" | jq .pid)"
readlink "/proc/$pid/fd/1" "/proc/$reader/fd/0"
[ "$(readlink "/proc/$pid/fd/1")" = "$(readlink "/proc/$reader/fd/0")" ] && echo "容器的 stdout 与 cat 的 stdin：同一个管道"
until [ -s pipe.log ]; do sleep 0.1; done
cat pipe.log

# 3. 读端死掉：杀掉 cat，再让容器写。管道没有读者时，write 失败并给写者发 SIGPIPE，默认动作是终止进程，
#    所以 echo 的退出码是 128 + 13 = 141；进程忽略 SIGPIPE 时，write 返回 EPIPE，报 Broken pipe。
#    这两行日志都丢了：pipe.log 里仍只有 line1。收日志的进程一死，写日志的应用可能跟着死。
kill "$reader"
wait "$reader" || echo "cat 的退出码：$?"
touch rootfs/go
until [ "$(wc -l < pipe-err.log)" -ge 3 ]; do sleep 0.1; done
cat pipe-err.log
cat pipe.log

# 4. 读端活着但不读：用 SIGSTOP 冻住 cat，模拟卡住的 shim 或日志采集器。这回用 runc create 和 runc start 分两步，
#    保证容器写第一个字节之前 cat 已经停下。容器里的 dd 每次写 4 KiB，一共 100 KiB。
mkdir stall
jq '.process.args = ["/bin/busybox", "sh", "-c",
    "/bin/busybox dd if=/dev/zero bs=4096 count=25; echo \"dd 的退出码：$?\" >&2"]' base/config.json > stall/config.json
exec 4> >(exec cat > stall.log)
reader=$!
readers+=("$reader")
runc --root "$work/runc" create --bundle stall "$id-stall" >&4 2> stall-err.log < /dev/null
exec 4>&-
kill -STOP "$reader"
until grep -q '^State:.*stopped' "/proc/$reader/status"; do sleep 0.1; done
runc --root "$work/runc" start "$id-stall"
pid="$(runc --root "$work/runc" state "$id-stall" | jq .pid)"

# 5. 管道缓冲区默认 16 页，4 KiB 一页，共 64 KiB（见 pipe(7)）。dd 写满 16 次、共 65536 字节后，第 17 次 write 阻塞：
#    进程状态 S，wchan 停在内核的管道写函数里（这个内核叫 anon_pipe_write，较早的内核显示 pipe_write）。
#    cat 一个字节也没读，日志文件还是空的。应用打日志的线程就这样卡住，卡多久取决于读端。
until dd="$(pgrep -P "$pid")" && grep -q '^wchar: 65536$' "/proc/$dd/io" \
  && grep -q pipe_write "/proc/$dd/wchan"; do sleep 0.1; done
grep '^State:' "/proc/$dd/status"
cat "/proc/$dd/wchan"; echo
grep -E '^(wchar|syscw):' "/proc/$dd/io"
wc -c < stall.log

# 6. SIGCONT 让 cat 继续读，dd 随即写完剩下的 36 KiB 并退出，日志一个字节不少。
kill -CONT "$reader"
wait "$reader"
until [ "$(runc --root "$work/runc" state "$id-stall" | jq -r .status)" = stopped ]; do sleep 0.1; done
runc --root "$work/runc" state "$id-stall" | jq -r .status
wc -c < stall.log
grep -E 'records|退出码' stall-err.log

# 7. terminal: true 时，runc 要新建一个伪终端；detach 的话，runc 必须经 --console-socket 把终端主端交给别的进程，
#    不给就拒绝启动。反过来，terminal: false 时给 --console-socket 也会被拒绝。
mkdir nosock
jq '.process.terminal = true' base/config.json > nosock/config.json
if runc --root "$work/runc" run --detach --bundle nosock "$id-nosock" < /dev/null; then echo "启动了"; else echo "退出码：$?"; fi
if runc --root "$work/runc" run --detach --console-socket "$work/console.sock" --bundle base "$id-nosock" < /dev/null; then
  echo "启动了"; else echo "退出码：$?"; fi

# 8. 前台 runc 加 terminal: true：用 script 给 runc 一个终端，runc 再为容器新建一个伪终端。
#    容器的 0、1、2 指向同一个 /dev/pts/0，stdout 和 stderr 混成一个流，收日志的一方分不出哪行是 err；
#    终端还把每个换行变成回车加换行，cat -v 显示为 ^M。
mkdir tty
jq '.process.terminal = true | .process.args = ["/bin/busybox", "sh", "-c",
    "for n in 0 1 2; do echo \"fd $n -> $(/bin/busybox readlink /proc/1/fd/$n)\"; done; echo out; echo err >&2"]' \
  base/config.json > tty/config.json
mkfifo stdin.fifo
exec 5<> stdin.fifo
script -qe -E never -c "runc --root $work/runc run --bundle tty $id-tty" /dev/null <&5 | cat -v
exec 5<&-
