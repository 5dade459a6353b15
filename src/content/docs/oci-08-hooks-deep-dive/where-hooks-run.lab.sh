#!/usr/bin/env bash
# @title 六种钩子各在哪里运行：命名空间、进程、身份、工作目录和收到的状态
# @tools runc jq busybox
# @timeout 60
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 一个探针脚本充当全部六种钩子：参数是钩子名，它把标准输入收到的状态和自己的各项事实写进 out/钩子名/。
#    给它一个 pid，它就改为记录那个进程，后面用来取参照。startContainer 的路径在容器里解析，所以 rootfs 里放一份副本。
mkdir -p bundle/rootfs/bin bundle/rootfs/work bundle/rootfs/out
mkdir -m 1777 out
cp /bin/busybox bundle/rootfs/bin/busybox
cat > probe.sh <<'EOF'
#!/bin/sh
# 用法：probe.sh 名称 [pid]。pid 默认是这个 shell 自己；外部命令只用 /bin/busybox，宿主机和容器里都有。
b=/bin/busybox d="${0%/*}/out/$1"
$b mkdir -p "$d" && $b cat > "$d/state.json"
read -r p _ < /proc/self/stat
p="${2:-$p}" ppid="$($b awk '/^PPid:/ {print $2}' "/proc/$p/status")"
{
  for n in mnt pid net uts ipc cgroup user; do echo "$n $($b readlink "/proc/$p/ns/$n")"; done
  $b awk '/^(Uid|CapEff|NoNewPrivs|Seccomp):/ {print $1, $2}' "/proc/$p/status"
  echo "PPID $PPID"
  echo "parent $($b tr '\0' ' ' < "/proc/$ppid/cmdline")"
  echo "root $($b stat -L -c %d:%i "/proc/$p/root")"
  echo "cwd $($b stat -L -c %d:%i "/proc/$p/cwd")"
  echo "pids $($b grep :pids: "/proc/$p/cgroup")"
} > "$d/info"
$b tr '\0' '\n' < "/proc/$p/environ" | $b cut -d= -f1 | $b sort > "$d/env"
EOF
chmod +x probe.sh
sed '1s|.*|#!/bin/busybox sh|' probe.sh > bundle/rootfs/probe.sh
chmod +x bundle/rootfs/probe.sh

# 2. 容器进程以 uid 1000 运行，开启 noNewPrivileges，工作目录是 /work，带一条 seccomp 规则和一个只有它才有的环境变量。
#    宿主机的 out 目录绑定挂载到容器的 /out。createContainer 用宿主机上的探针路径，各钩子条目都不写 env。
runc spec --bundle bundle
jq --arg out "$work/out" --arg probe "$work/probe.sh" '
  .process.terminal = false | .process.args = ["/bin/busybox", "sleep", "600"]
  | .process.user = {"uid": 1000, "gid": 1000} | .process.noNewPrivileges = true | .process.cwd = "/work"
  | .process.env += ["FROM_PROCESS_ENV=1"]
  | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["syslog"], "action": "SCMP_ACT_ERRNO"}]}
  | .mounts += [{"destination": "/out", "type": "bind", "source": $out, "options": ["rbind"]}]
  | .annotations = {"org.example.probe": "yes"}
  | .hooks = ({"prestart": $probe, "createRuntime": $probe, "createContainer": $probe,
      "startContainer": "/probe.sh", "poststart": $probe, "poststop": $probe}
      | with_entries(.value = [{"path": .value, "args": ["probe.sh", .key]}]))' bundle/config.json > config.tmp
mv config.tmp bundle/config.json

# @setup ran：按规范顺序列出 out/ 下已经留下记录的钩子
ran() {
  local h list=()
  for h in $hooks; do
    if [ -e "out/$h" ]; then list+=("$h"); fi
  done
  echo "$1 返回时已运行：${list[*]}"
}

# 3. 运行 runc 时带一个只有 runc 的环境里才有的变量。ran 按规范顺序列出已经留下记录的钩子。
#    create 返回时 poststart 已经运行过，这是 runc 1.1.5 已知的偏差；startContainer 在 start 里运行。
export RUNC_CALLER=lab
hooks="prestart createRuntime createContainer startContainer poststart poststop"
runc --root "$work/runc" create --bundle bundle "$id"
ran create
runc --root "$work/runc" start "$id"
ran start

# 4. 容器进程运行期间，用同一个探针记下两个参照：容器进程本身，以及运行 runc 的这个 shell。然后强制删除容器。
cpid="$(runc --root "$work/runc" state "$id" | jq .pid)"
"$work/probe.sh" ref-container "$cpid" < /dev/null
"$work/probe.sh" ref-runc $$ < /dev/null
runc --root "$work/runc" delete --force "$id"
ran delete

# 5. 比较用的函数，定义见完整脚本：get 取探针记下的一项；cmp3 把钩子的一项事实与两个参照比较；
#    where 按 dev:ino 认出目录，因为容器里外看到的路径不同。

# @setup get、cmp3、where
get() { awk -v k="$2" '$1 == k {sub(/^[^ ]+ ?/, ""); print; exit}' "out/$1/info"; }
cmp3() {
  local v c r
  v="$(get "$1" "$2")" c="$(get ref-container "$2")" r="$(get ref-runc "$2")"
  if [ "$v" = "$c" ] && [ "$v" = "$r" ]; then echo 共用
  elif [ "$v" = "$c" ]; then echo 容器
  elif [ "$v" = "$r" ]; then echo 宿主机
  else echo 其他; fi
}
where() {
  local pair
  for pair in "/=宿主机的 /" "$work=运行 runc 的目录" "$work/bundle=bundle 目录" \
    "$work/bundle/rootfs=rootfs 目录" "$work/bundle/rootfs/work=process.cwd"; do
    if [ "$(stat -c %d:%i "${pair%%=*}")" = "$1" ]; then echo "${pair#*=}"; return; fi
  done
  echo 其他
}

# 6. 命名空间，图例见第一行。createContainer 的程序取自宿主机，运行时却已在容器的全部命名空间里。
#    容器没有自己的 cgroup 和 user 命名空间，这两列是「共用」：比较照样做了，只是三方相同。
echo "图例：容器＝与容器进程相同；宿主机＝与运行 runc 的 shell 相同；共用＝三方相同；其他＝都不同"
for h in $hooks; do
  printf '%-16s' "$h"
  for n in mnt pid net uts ipc cgroup user; do printf ' %s=%s' "$n" "$(cmp3 "$h" "$n")"; done
  echo
done

# @setup parent：从父进程的命令行认出 runc 的子命令；父进程是容器的 1 号进程时注明
parent() {
  local p
  p="$(get "$1" parent | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^(init|create|start|delete)$/) {print "runc", $i; exit}}')"
  if [ "$(cmp3 "$1" pid)" = 容器 ] && [ "$(get "$1" PPID)" = 1 ]; then p="$p，即容器的 1 号进程"; fi
  echo "${p:-其他}"
}

# 7. 进程与身份，parent 从父进程的命令行认出 runc 的子命令。宿主机一侧的钩子是 runc create 或 runc delete 的子进程，
#    身份与 runc 相同。容器里的两种由 runc init 派生，它就是容器的 1 号进程，稍后 exec 成用户程序。
#    createContainer 还是 root，能力齐全，没有 seccomp；startContainer 已带上容器进程的 uid、能力、NoNewPrivs 和 seccomp。
echo "参照：容器进程 uid=$(get ref-container Uid:) CapEff=$(get ref-container CapEff:)" \
  "NoNewPrivs=$(get ref-container NoNewPrivs:) Seccomp=$(get ref-container Seccomp:)"
echo "参照：运行 runc 的 shell uid=$(get ref-runc Uid:) NoNewPrivs=$(get ref-runc NoNewPrivs:) Seccomp=$(get ref-runc Seccomp:)"
for h in $hooks; do
  printf '%-16s 父进程=%s uid=%s CapEff=%s NoNewPrivs=%s Seccomp=%s\n' "$h" "$(parent "$h")" \
    "$(get "$h" Uid:)" "$(cmp3 "$h" CapEff:)" "$(get "$h" NoNewPrivs:)" "$(get "$h" Seccomp:)"
done

# 8. 位置。createContainer 已在容器的 cgroup 里，当前目录是 rootfs 目录；pivot_root 还没做，它的 / 仍是宿主机的根。
#    startContainer 的 / 是 rootfs，当前目录是 process.cwd。
#    宿主机一侧沿用 runc 的当前目录：runc create 会先切换到 bundle 目录，runc delete 不会。
for h in $hooks; do
  printf '%-16s 根目录=%s 当前目录=%s cgroup=%s\n' "$h" "$(where "$(get "$h" root)")" "$(where "$(get "$h" cwd)")" \
    "$(cmp3 "$h" pids)"
done

# @setup envof：看环境里有哪个标记变量；statepid：把状态里的 pid 与容器进程的宿主机 pid 比较
envof() {
  local e=()
  if grep -qx RUNC_CALLER "out/$1/env"; then e+=("runc 的环境"); fi
  if grep -qx FROM_PROCESS_ENV "out/$1/env"; then e+=(process.env); fi
  echo "${e[*]:-空}"
}
statepid() {
  jq -r --argjson c "$cpid" 'if has("pid") | not then "无" elif .pid == $c then "容器进程的宿主机 pid"
    elif .pid == 1 then "1" else "其他" end' "out/$1/state.json"
}

# 9. 环境和状态，envof 由两个标记变量认出环境的来源，statepid 把状态里的 pid 与容器进程比较。
#    钩子条目没写 env 时，宿主机一侧继承 runc 的全部环境，容器里的两种拿到 process.env。
#    startContainer 还多一个 HOME，是 runc 补上的。状态里的 pid：宿主机一侧是容器进程在宿主机上的 pid，
#    容器里的两种是 1，poststop 没有。最后一行是 startContainer 收到的完整状态。
annotations="$(jq -c .annotations bundle/config.json)"
for h in $hooks; do
  printf '%-16s 环境=%s status=%s pid=%s 注解与配置相同=%s\n' "$h" "$(envof "$h")" "$(jq -r .status "out/$h/state.json")" \
    "$(statepid "$h")" "$(jq --argjson a "$annotations" '.annotations == $a' "out/$h/state.json")"
done
for h in createContainer startContainer; do echo "$h 的环境变量名：$(paste -sd ' ' "out/$h/env")"; done
# @oci runtime-state
jq -c . out/startContainer/state.json
