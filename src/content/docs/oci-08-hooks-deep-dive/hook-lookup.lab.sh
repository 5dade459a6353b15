#!/usr/bin/env bash
# @title 钩子的程序从哪里找，参数和环境变量怎样传
# @tools runc jq busybox
# @timeout 30
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID、无论成败都会执行的清理，以及两个小函数：
# hooks 把 bundle 配置里的 hooks 换成给定的 JSON（写成 jq 表达式，$w 就是 $work）；yn 判断某个钩子有没有看到某个变量。
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in "$id"-{a,b,c,d,e,f,g,h}; do
    runc --root "$work/runc" delete -f "$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"
hooks() { jq --arg w "$work" ".hooks = $1" base.json > bundle/config.json; }
yn() { if grep "^$2" out/env.log | grep -qw "$1"; then echo 是; else echo 否; fi; }

# 1. host-only.sh 只在宿主机的 $work 里，in-rootfs.sh 只在 rootfs 里，两者都把第一个参数追加到 ran.log。
#    $work/out 挂进容器的 /out，用户程序也往这个日志里写一行。IMAGE_SET_VAR 留给第 7 步，代表镜像 ENV 带来的变量。
#    后面的 hooks 是开头定义的函数，把配置里的 hooks 换成给定的 JSON，其中 $w 代表 $work。
mkdir -p bundle/rootfs/bin out && cp /bin/busybox bundle/rootfs/bin/busybox
printf '#!/bin/sh\necho "$1" >> %s/out/ran.log\n' "$work" > host-only.sh
printf '#!/bin/busybox sh\necho "$1" >> /out/ran.log\n' > bundle/rootfs/in-rootfs.sh
chmod +x host-only.sh bundle/rootfs/in-rootfs.sh
runc spec --bundle bundle
jq --arg w "$work" '.process.terminal = false | .process.args = ["/bin/busybox", "sh", "-c", "echo 用户程序 >> /out/ran.log"]
  | .process.env += ["IMAGE_SET_VAR=from-image"]
  | .mounts += [{"destination": "/out", "type": "bind", "source": "\($w)/out", "options": ["rbind"]}]' bundle/config.json > base.json

# 2. createContainer 用宿主机路径，startContainer 用 rootfs 里的路径：两个都运行了，然后才是用户程序。
#    createContainer 在 pivot_root 之前执行，宿主机的目录树还在，所以按宿主机路径能找到程序。
hooks '{"createContainer": [{"path": "\($w)/host-only.sh", "args": ["host-only.sh", "createContainer：宿主机路径"]}],
  "startContainer": [{"path": "/in-rootfs.sh", "args": ["in-rootfs.sh", "startContainer：rootfs 路径"]}]}'
runc --root "$work/runc" run --bundle bundle "$id-a"
cat out/ran.log && : > out/ran.log

# 3. 反过来，startContainer 用宿主机路径：已经 pivot_root，找不到。create 和 start 都返回 0，容器却已是 stopped，
#    用户程序没有运行。报错只写在容器自己的 stderr 上，这里是 create 时重定向的文件。runc run 则以退出码 1 结束。
hooks '{"startContainer": [{"path": "\($w)/host-only.sh", "args": ["host-only.sh", "startContainer：宿主机路径"]}]}'
runc --root "$work/runc" create --bundle bundle "$id-b" 2> container-stderr.log && runc --root "$work/runc" start "$id-b" \
  && echo "create、start 退出码：0"
echo "状态：$(runc --root "$work/runc" state "$id-b" | jq -r .status)，日志行数：$(wc -l < out/ran.log)"
cat container-stderr.log
if runc --root "$work/runc" run --bundle bundle "$id-c"; then :; else echo "退出码：$?"; fi

# 4. createContainer 用只在 rootfs 里的路径：路径按宿主机解析，宿主机上没有 /in-rootfs.sh，create 失败。
hooks '{"createContainer": [{"path": "/in-rootfs.sh", "args": ["in-rootfs.sh", "createContainer：rootfs 路径"]}]}'
if runc --root "$work/runc" create --bundle bundle "$id-d"; then :; else echo "退出码：$?"; fi

# 5. args 就是 execv 的 argv，args[0] 是程序名。脚本的 $0 总是 path，内核处理 #! 时换掉了 argv[0]。漏写程序名，--verbose
#    就被当成程序名吞掉；不写 args 就没有参数。-c 放进 args[0]，dash 把它当成程序名，报错以它开头，命令被当成脚本文件名。
printf '#!/bin/sh\necho "$0 收到 $# 个参数：$*" >> %s/out/argv.log\n' "$work" > argv.sh && chmod +x argv.sh
hooks '{"createRuntime": [{"path": "\($w)/argv.sh", "args": ["argv.sh", "--verbose", "x"]},
  {"path": "\($w)/argv.sh", "args": ["--verbose", "x"]}, {"path": "\($w)/argv.sh"}, {"path": "/bin/sh", "args": ["-c", "echo hi"]}]}'
if runc --root "$work/runc" run --bundle bundle "$id-e"; then :; else echo "退出码：$?"; fi
cat out/argv.log

# 6. 相对路径 hook.sh。规范要求绝对路径，runc 1.1.5 不检查，原样交给 exec，不搜 $PATH。放在调用 runc 的目录和 $PATH 里，
#    createRuntime 都找不到：runc 按 --bundle 先切换到了 bundle 目录，放进那里就找到了。createContainer 的工作目录是
#    宿主机上的 rootfs 目录，相对路径按它解析，执行的是 rootfs 里的文件。
printf '#!/bin/sh\necho "$1：$(pwd)/$0" >> %s/out/rel.log\n' "$work" > hook.sh && chmod +x hook.sh && mkdir bin && cp hook.sh bin/
hooks '{"createRuntime": [{"path": "hook.sh", "args": ["hook.sh", "createRuntime"]}],
  "createContainer": [{"path": "hook.sh", "args": ["hook.sh", "createContainer"]}]}'
if PATH="$work/bin:$PATH" runc --root "$work/runc" run --bundle bundle "$id-f"; then :; else echo "退出码：$?"; fi
cp hook.sh bundle/ && cp hook.sh bundle/rootfs/
runc --root "$work/runc" run --bundle bundle "$id-g" && sed "s|$work|\$work|" out/rel.log

# 7. 环境变量。不写 env：createRuntime 继承 runc 的环境，例如调用 runc 时加的 RUNC_SIDE_VAR；createContainer 在 runc 1.1.5 里
#    继承的是容器的 process.env，IMAGE_SET_VAR 就在其中。写了 env：只有这些变量，外加 dash 自己补的 PWD。
#    按源码，runc 1.3.0 起不再把 process.env 设进 runc init 自己的环境，执行用户程序时才交给它，createContainer 就看不到了。
printf '#!/bin/sh\necho "$1：$(env | cut -d= -f1 | sort | xargs)" >> %s/out/env.log\n' "$work" > env.sh && chmod +x env.sh
hooks '{"createRuntime": [{"path": "\($w)/env.sh", "args": ["env.sh", "createRuntime（无 env）"]}],
  "createContainer": [{"path": "\($w)/env.sh", "args": ["env.sh", "createContainer（无 env）"]},
    {"path": "\($w)/env.sh", "args": ["env.sh", "createContainer（有 env）"], "env": ["HOOK_ONLY=1"]}]}'
RUNC_SIDE_VAR=from-runc runc --root "$work/runc" run --bundle bundle "$id-h"
echo "createRuntime（无 env）看到 RUNC_SIDE_VAR：$(yn RUNC_SIDE_VAR createRuntime)，看到 IMAGE_SET_VAR：$(yn IMAGE_SET_VAR createRuntime)"
grep '^createContainer' out/env.log
