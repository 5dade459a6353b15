#!/usr/bin/env bash
# @title 钩子超时与输出：超时杀掉了谁，输出去了哪里
# @tools runc jq busybox
# @timeout 60
# 以 root 运行；只用本机文件，不需要网络。耗时只用来推出「是／否」，不打印秒数。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID、计时与判断用的小函数，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for c in $(runc --root "$work/runc" list -q 2>/dev/null); do
    runc --root "$work/runc" delete -f "$c" >/dev/null 2>&1 || true
  done
  for f in "$work"/out/*.pid; do
    if [ -e "$f" ] && [ ! -e "${f%.pid}.done" ]; then kill "$(cat "$f")" 2>/dev/null || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"
now() { local t="${EPOCHREALTIME/./}"; echo "${t:0:-3}"; }
within() { if [ $(( $(now) - $1 )) -lt $(( $2 * 1000 )) ]; then echo 是; else echo 否; fi; }
has() { if [ -e "$1" ]; then echo 是; else echo 否; fi; }
wait_for() {
  local deadline=$(( $(now) + $2 * 1000 ))
  until [ -e "$1" ] || [ "$(now)" -gt "$deadline" ]; do sleep 0.1; done
}

# 1. 准备 bundle：rootfs 里只有 busybox，容器程序是 sleep 30。base.json 是后面各步共用的底稿。
mkdir -p bundle/rootfs/bin out
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle
jq '.process.terminal = false | .process.args = ["/bin/busybox", "sleep", "30"]' bundle/config.json > base.json

# 2. createRuntime 钩子就是 /bin/sleep 5，timeout 为 1 秒。create 失败，错误说钩子超时。
#    create 没等满 5 秒就返回了；失败的 create 也不留下容器。
jq '.hooks.createRuntime = [{"path": "/bin/sleep", "args": ["sleep", "5"], "timeout": 1}]' base.json > bundle/config.json
t0="$(now)"
runc --root "$work/runc" create --bundle bundle "$id" || echo "退出码：$?"
echo "create 在 3 秒内返回：$(within "$t0" 3)"
runc --root "$work/runc" state "$id" || echo "退出码：$?"

# 3. 超时杀掉的是谁？钩子 spawn.sh 先在后台启动一个活 3 秒的子进程，再用 exec 把自己换成 sleep 5。
#    子进程结束前写下 <前缀>.done；它的输出去向由第二个参数决定，这一次是 /dev/null。
#    1 秒一到，runc 用 SIGKILL 杀掉钩子进程就返回了，这时子进程还在；它没被杀，之后照常写下标记。
cat > spawn.sh <<'SH'
#!/bin/sh
sh -c 'echo $$ > "$0.pid"; sleep 3; echo done > "$0.done"' "$1" > "$2" 2>&1 &
exec sleep 5
SH
chmod +x spawn.sh
jq --arg w "$work" '.hooks.createRuntime = [{"path": "\($w)/spawn.sh", "args": ["spawn.sh", "\($w)/out/null", "/dev/null"], "timeout": 1}]' \
  base.json > bundle/config.json
runc --root "$work/runc" create --bundle bundle "$id" 2>/dev/null || echo "退出码：$?"
echo "create 返回时子进程已经结束：$(has out/null.done)"
echo "子进程后来写下了标记：$(wait_for out/null.done 10; has out/null.done)"

# 4. 这一次子进程的输出指向 /dev/stdout，也就是钩子的 stdout 管道。钩子同样在 1 秒时被杀，
#    但 runc 要把钩子的 stdout 和 stderr 读到 EOF，得等所有写端关闭，所以 create 等到子进程结束才返回。
#    shell 一般不会 exec 脚本的最后一条命令，脚本里前台跑的慢命令也是这样的子进程，timeout 限不住它。
jq --arg w "$work" '.hooks.createRuntime = [{"path": "\($w)/spawn.sh", "args": ["spawn.sh", "\($w)/out/pipe", "/dev/stdout"], "timeout": 1}]' \
  base.json > bundle/config.json
runc --root "$work/runc" create --bundle bundle "$id" 2>/dev/null || echo "退出码：$?"
echo "create 返回时子进程已经结束：$(has out/pipe.done)"

# 5. 规范要求 timeout 大于 0，schema 写的是 minimum 1。runc 1.1.5 不检查，timeout 为 0 照样接受，钩子一启动就被杀。
jq '.hooks.createRuntime = [{"path": "/bin/sleep", "args": ["sleep", "5"], "timeout": 0}]' base.json > bundle/config.json
runc --root "$work/runc" create --bundle bundle "$id" || echo "退出码：$?"

# 6. 钩子往 stdout 和 stderr 各写一行。成功时 runc 把两者都丢掉，create 一个字节也不打印；
#    以退出码 3 失败时，两者原样嵌进 runc 的错误信息。钩子要留日志，得自己写文件或日志系统。
jq '.hooks.createRuntime = [{"path": "/bin/sh", "args": ["sh", "-c", "echo 写到 stdout; echo 写到 stderr >&2; exit $CODE"], "env": ["CODE=0"]}]' \
  base.json > bundle/config.json
runc --root "$work/runc" create --bundle bundle "$id-ok" > create.out 2>&1
echo "create 的输出字节数：$(wc -c < create.out)"
jq '.hooks.createRuntime[0].env = ["CODE=3"]' bundle/config.json > config.tmp && mv config.tmp bundle/config.json
runc --root "$work/runc" create --bundle bundle "$id" || echo "退出码：$?"

# 7. startContainer 钩子在容器里、用户程序之前运行。这个钩子先睡 2 秒，再往挂载进来的 /out 写标记。
#    容器进入 running，说明钩子成功；start 返回时标记已在，说明 start 等钩子跑完才返回。
#    这是因为 init 写 exec FIFO 的 fd 一直开到 execve，start 要读到 EOF 才返回。
#    据源码，runc 1.2.8、1.3.3、1.4.0 起，init 在运行这些钩子之前就关掉这个 fd，start 可能先于钩子返回。
jq --arg w "$work" '.mounts += [{"destination": "/out", "type": "bind", "source": "\($w)/out", "options": ["rbind"]}]
  | .hooks.startContainer = [{"path": "/bin/busybox", "args": ["sh", "-c", "sleep 2; echo done > /out/start.done"]}]' base.json > bundle/config.json
runc --root "$work/runc" create --bundle bundle "$id"
runc --root "$work/runc" start "$id"
runc --root "$work/runc" state "$id" | jq -r .status
echo "runc start 等待了 startContainer 钩子：$(has out/start.done)"
