#!/usr/bin/env bash
# @title 容器起不来：runc 1.1.5 启动失败的报错目录，每种各配一条确认命令
# @tools runc jq busybox file
# @timeout 60
# @mask usage: \d+ => usage: <字节>
# 以 root 运行；只用本机文件，不需要网络。file 只在主机上用来识别可执行文件的架构。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in "$id" "$id"-{notfound,path,noexec,shebang,arch,cwd,cwdfile,mount,noexec-mount,dup,badjson,badtype,memory,log-notfound,log-shebang}; do
    runc --root "$work/runc" delete -f "$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 先准备一个能跑的 bundle：rootfs 里只有 busybox，进程打印 ok。后面每个案例都从这份配置复制一个新 bundle，
#    只改一处，共用同一个 rootfs；对 rootfs 的改动只添加新文件，不碰 busybox，所以不用再恢复。
#    函数 bad 做这件事：第一个参数是新 bundle 的目录，第二个是改配置的 jq 表达式。
mkdir -p rootfs/bin good
cp /bin/busybox rootfs/bin/busybox
runc spec --bundle good
jq '.root = {"path": "../rootfs", "readonly": false} | .process.terminal = false
  | .process.args = ["/bin/busybox", "echo", "ok"]' good/config.json > config.tmp
mv config.tmp good/config.json
runc --root "$work/runc" run --bundle good "$id"
bad() { mkdir -p "$1" && jq "$2" good/config.json > "$1/config.json"; }

# 2. runc 的报错是一层层前缀拼起来的，原因在最后一个冒号之后，先读那一段。
#    案例 1：process.args[0] 在 rootfs 里不存在。写绝对路径时，报错是 stat 失败；
#    只写文件名时，runc 按配置里 process.env 的 PATH 逐个目录找，报 executable file not found in $PATH。
#    确认：在 bundle 的 rootfs 里 ls 那个路径，再看配置里的 PATH。
bad notfound '.process.args = ["/usr/local/bin/app"]'
if runc --root "$work/runc" run --bundle notfound "$id-notfound"; then :; else echo "退出码：$?"; fi
bad path '.process.args = ["app"]'
if runc --root "$work/runc" run --bundle path "$id-path"; then :; else echo "退出码：$?"; fi
ls rootfs/usr/local/bin/app || echo "退出码：$?"
jq -r '.process.env[] | select(startswith("PATH="))' path/config.json

# 3. 案例 2：文件在，但没有执行权限。runc 在 exec 之前先自己检查一遍，报 permission denied。确认：stat 看权限位里有没有 x。
#    另一种是文件有 x，但所在的挂载带 noexec：也是 permission denied，只是写法少了引号和冒号。
#    确认：jq 看那个挂载的 options。
cp rootfs/bin/busybox rootfs/bin/app
chmod 0644 rootfs/bin/app
bad noexec '.process.args = ["/bin/app", "echo", "ok"]'
if runc --root "$work/runc" run --bundle noexec "$id-noexec"; then :; else echo "退出码：$?"; fi
stat -c '%A %n' rootfs/bin/app
mkdir host-opt
cp /bin/busybox host-opt/app
bad noexec-mount '.process.args = ["/opt/app", "echo", "ok"]
  | .mounts += [{"destination": "/opt", "type": "bind", "source": "'"$work"'/host-opt", "options": ["rbind", "noexec"]}]'
if runc --root "$work/runc" run --bundle noexec-mount "$id-noexec-mount"; then :; else echo "退出码：$?"; fi
stat -c '%A %n' host-opt/app
jq -c '.mounts[] | select(.destination == "/opt") | .options' noexec-mount/config.json

# 4. 案例 3：最容易看错的一种。/start.sh 明明存在、也有执行权限，报错却是 no such file or directory。
#    缺的是第一行 #! 指定的解释器 /bin/bash：内核 execve 找不到解释器，返回的也是 ENOENT。
#    注意这条报错的样子也不同：没有 runc run failed 前缀，因为它出现在容器进程真正 exec 的那一刻，
#    由 runc init 写到容器自己的 stderr；exec 没成功，退出码 1 是 runc init 自己退出时给的。确认：head -1 看解释器，再去 rootfs 里找它。
printf '#!/bin/bash\necho hello\n' > rootfs/start.sh
chmod 0755 rootfs/start.sh
bad shebang '.process.args = ["/start.sh"]'
if runc --root "$work/runc" run --bundle shebang "$id-shebang"; then :; else echo "退出码：$?"; fi
head -n 1 rootfs/start.sh
ls rootfs/bin/bash || echo "退出码：$?"

# 5. 案例 4：架构不对。这里用 printf 写出一个 64 字节的 ELF 文件头，机器类型填 AArch64，没有代码段：
#    内核读文件头时发现架构不符，execve 返回 ENOEXEC，即 exec format error。真的 arm64 程序在 x86-64 上报的是同一句。
#    它和案例 3 一样，是容器进程 exec 时的报错。确认：file 看程序的架构，uname -m 看主机的架构。
printf '\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\2\0\267\0\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\100\0\70\0\0\0\100\0\0\0\0\0' \
  > rootfs/bin/arm-app
chmod 0755 rootfs/bin/arm-app
bad arch '.process.args = ["/bin/arm-app"]'
if runc --root "$work/runc" run --bundle arch "$id-arch"; then :; else echo "退出码：$?"; fi
file -b rootfs/bin/arm-app
file -b rootfs/bin/busybox | cut -d, -f1-2
uname -m

# 6. 报错落在哪里，要看它发生在 create 里还是 start 之后。像 containerd 的 shim 那样运行：runc 加 --log 和 --log-format json，
#    先 create 再 start，stdout、stderr 交给文件。案例 1 在 create 时失败：stderr 里是一行纯文本，log.json 里是同一句的 JSON。
#    containerd 的 shim 读的就是 log.json：取最后一条 error，层层加上前缀，作为 CRI 错误交给 kubelet，出现在 Pod 的事件里。
#    案例 3 的 create、start 都成功，log.json 里没有 error，报错只在容器自己的 stderr 里。在 Kubernetes 上要看 kubectl logs。
for name in notfound shebang; do
  echo "[$name]"
  if runc --root "$work/runc" --log "$name.log.json" --log-format json create --bundle "$name" "$id-log-$name" \
      > "$name.out" 2> "$name.err"; then
    runc --root "$work/runc" start "$id-log-$name"
    for i in $(seq 100); do
      [ "$(runc --root "$work/runc" state "$id-log-$name" | jq -r .status)" = stopped ] && break
      sleep 0.1
    done
    echo "create、start 都成功，容器状态：$(runc --root "$work/runc" state "$id-log-$name" | jq -r .status)"
    runc --root "$work/runc" delete "$id-log-$name"
  else
    echo "create 退出码：$?"
  fi
  echo "stderr 文件：$(cat "$name.err")"
  msg="$(jq -r 'select(.level == "error") | .msg' "$name.log.json" | tail -n 1)"
  echo "log.json 最后一条 error：${msg:-（没有）}"
done

# 7. 案例 5：process.cwd 不存在不算错。runc 1.1.5 在 rootfs 里替你建好这个目录，属主 root，权限 0755。
#    cwd 指向一个文件才会失败，而报错里没有 cwd 这个词，只有一句 mkdir …: not a directory。
#    确认：jq 看配置里的 cwd，stat 看它在 rootfs 里是什么。
bad cwd '.process.cwd = "/srv/app" | .process.args = ["/bin/busybox", "pwd"]'
runc --root "$work/runc" run --bundle cwd "$id-cwd"
stat -c '%A %U %n' rootfs/srv/app
bad cwdfile '.process.cwd = "/bin/busybox"'
if runc --root "$work/runc" run --bundle cwdfile "$id-cwdfile"; then :; else echo "退出码：$?"; fi
jq -r .process.cwd cwdfile/config.json
stat -c '%F %n' rootfs/bin/busybox

# 8. 案例 6：绑定挂载的源路径在主机上不存在。报错里有源路径和容器里的目标路径，最后是 stat 的 no such file or directory。
#    确认：在主机上 ls 这个源路径。
bad mount '.mounts += [{"destination": "/data", "type": "bind", "source": "'"$work"'/no-such-dir", "options": ["rbind", "ro"]}]'
if runc --root "$work/runc" run --bundle mount "$id-mount"; then :; else echo "退出码：$?"; fi
ls -d "$work/no-such-dir" || echo "退出码：$?"

# 9. 案例 7：容器 ID 已被占用。容器停止后 ID 仍然占着，直到 runc delete。
#    确认：runc list 看同名容器和它的状态。
bad sleeper '.process.args = ["/bin/busybox", "sleep", "600"]'
runc --root "$work/runc" run --detach --bundle sleeper "$id-dup" > /dev/null 2>&1
if runc --root "$work/runc" run --bundle good "$id-dup"; then :; else echo "退出码：$?"; fi
runc --root "$work/runc" kill "$id-dup" KILL
for i in $(seq 100); do
  [ "$(runc --root "$work/runc" state "$id-dup" | jq -r .status)" = stopped ] && break
  sleep 0.1
done
runc --root "$work/runc" list --format json | jq -r '.[] | "\(.id) \(.status)"'
if runc --root "$work/runc" run --bundle good "$id-dup"; then :; else echo "退出码：$?"; fi
runc --root "$work/runc" delete "$id-dup"
runc --root "$work/runc" run --bundle good "$id-dup"

# 10. 案例 8：config.json 本身有错。语法错误，比如数组末尾多一个逗号：runc 只说遇到了哪个字符，不给行号，jq 能给出行号和列号。
#     类型错误，比如 uid 写成字符串：报错里有出错字段的完整路径，jq 看它的类型即可确认。
mkdir badjson
sed 's/"ok"$/"ok",/' good/config.json > badjson/config.json
if runc --root "$work/runc" run --bundle badjson "$id-badjson"; then :; else echo "退出码：$?"; fi
jq empty badjson/config.json || echo "退出码：$?"
bad badtype '.process.user.uid = "1000"'
if runc --root "$work/runc" run --bundle badtype "$id-badtype"; then :; else echo "退出码：$?"; fi
jq '.process.user.uid | type' badtype/config.json

# 11. 案例 9：内存上限小于 runc init 自己已经用掉的内存。这台机器的 memory 控制器在 cgroup v1，
#     runc 把 init 放进 cgroup 后才写 memory.limit_in_bytes，内核回收不到这么低，写入返回 EBUSY，
#     runc 把它换成一句带当前用量的报错；用量每次略有不同，这里遮盖了。确认：jq 看配置里的上限，和报错里的用量比。
bad memory '.linux.resources.memory = {"limit": 1048576}'
if runc --root "$work/runc" run --bundle memory "$id-memory"; then :; else echo "退出码：$?"; fi
jq -c .linux.resources.memory memory/config.json
