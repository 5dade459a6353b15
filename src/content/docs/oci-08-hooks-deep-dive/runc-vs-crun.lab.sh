#!/usr/bin/env bash
# @title 同一份钩子配置，runc 与 crun 的不同做法
# @tools runc crun jq busybox
# @timeout 120
# @mask "pid":[1-9][0-9]* => "pid":<pid>
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID、无论成败都会执行的清理。$work 绑定挂载到自身并设为 private：
# 宿主机的 / 即使是 shared 传播，也能把挂载命名空间钉在 $work/mntns 上。
# cycle 名称 jq表达式：用 jq 表达式改出本轮的 bundle/config.json，让 runc、crun 依次走一遍 create、start、delete -f，
# create 失败就停下。每条命令之后记下退出码和这条命令期间新执行的钩子，start 之后再记容器状态；
# start 返回后还等用户程序运行起来，这期间才执行的钩子记为「之后」。结果存进 名称.runc/、名称.crun/。
# of 目录 钩子：取这个钩子记下的「status= pid=」。summary 由存下的结果算出最后的对照表。
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  cd /
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  nsenter --mount="$work/mntns" crun --root "$work/crun" --cgroup-manager=disabled delete -f "$id" >/dev/null 2>&1 || true
  umount "$work/mntns" 2>/dev/null || true
  umount "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
mount --bind --make-private "$work" "$work"
cd "$work"
cycle() {
  local r op rc n new line pid
  jq --arg p "$work/probe.sh" "$2" base.json > bundle/config.json
  for r in runc crun; do
    rm -rf out/* "$1.$r"; : > out/hooks.log; n=0; line="$r"
    for op in create start wait delete; do
      rc=0
      case $op in
        create) rt $r create --bundle "$work/bundle" "$id" || rc=$? ;;
        start) rt $r start "$id" || rc=$? ;;
        wait) pid=$(rt $r state "$id" | jq .pid)
          for _ in $(seq 100); do [ "$(cat "/proc/$pid/comm")" = busybox ] && break; sleep 0.1; done ;;
        delete) rt $r delete -f "$id" || rc=$? ;;
      esac
      new=$(tail -n +$((n + 1)) out/hooks.log | cut -d' ' -f1 | xargs); n=$(wc -l < out/hooks.log)
      case $op in
        wait) if [ -n "$new" ]; then line+=" │ 之后：$new"; fi ;;
        start) line+=" │ $op=$rc：$new → $(rt $r state "$id" | jq -r .status)" ;;
        *) line+=" │ $op=$rc：$new" ;;
      esac
      if [ $op = create ] && [ $rc != 0 ]; then break; fi
    done
    cp -r out "$1.$r"; echo "$line" | tee "$1.$r/summary"
  done
}
of() { grep "^$2 " "$1/hooks.log" | cut -d' ' -f2-; }
summary() {
  local r
  declare -A c
  for r in runc crun; do
    c[$r.when]=$(sed 's/ │ /\n/g' base.$r/summary | grep -w poststart | sed 's/=.*//')
    c[$r.wait]=等了
    if [ "$(grep -n '^poststart ' base.$r/hooks.log | cut -d: -f1)" -lt "$(grep -n '^startContainer ' base.$r/hooks.log | cut -d: -f1)" ]; then c[$r.wait]=没等; fi
    c[$r.pid]="$(of base.$r createContainer | sed 's/.*pid=//')、$(of base.$r startContainer | sed 's/.*pid=//')"
    c[$r.out]=$(if [ -s base.$r/hooks.stdout ]; then echo 写进文件; else echo 没有文件; fi)
    c[$r.ps]="$(grep -o 'start=[0-9]*' poststart.$r/summary || grep -o 'create=[0-9]*' poststart.$r/summary)"
    c[$r.ps]+="，#2 $(if grep -q '^poststart#2 ' poststart.$r/hooks.log; then echo 执行了; else echo 没执行; fi)"
    c[$r.ps]+="$(sed -n 's/.*→ \([a-z]*\).*/，\1/p' poststart.$r/summary)"
    c[$r.pp]="$(grep -o 'delete=[0-9]*' poststop.$r/summary)"
    c[$r.pp]+="，#2 $(if grep -q '^poststop#2 ' poststop.$r/hooks.log; then echo 执行了; else echo 没执行; fi)"
    c[$r.rel]=$(grep -o 'create=[0-9]*' relpath.$r/summary)
  done
  row() { echo "$1：runc ${c[runc.$2]} ｜ crun ${c[crun.$2]}${3:+ ｜ 规范 $3}"; }
  row "poststart 由哪条命令执行" when start
  row "poststart 等用户程序运行" wait 要等
  row "createContainer、startContainer 收到的 pid" pid "容器里看到的 pid"
  row "run.oci.hooks.stdout" out
  row "poststart#1 失败" ps "报错并停止容器"
  row "poststop#1 失败" pp "记警告，其余照常"
  row "相对 path，PATH 里有" rel "path 必须是绝对路径"
}

# 1. 本机的 cgroup 是 v1、v2 混用布局，crun 1.8.1 不支持。办法：私有挂载命名空间里把 cgroup2 挂到 /sys/fs/cgroup，
#    加 --cgroup-manager=disabled；命名空间钉在文件 mntns 上，让 create、start、delete 用 nsenter 进同一个。
touch mntns && unshare --mount=mntns --propagation private mount -t cgroup2 none /sys/fs/cgroup
rt() {
  if [ "$1" = runc ]; then shift; runc --root "$work/runc" "$@"
  else shift; nsenter --mount="$work/mntns" --wd="$PWD" crun --debug --root "$work/crun" --cgroup-manager=disabled "$@"; fi
}

# 2. 一份配置给两个运行时用。宿主机上的 probe.sh 读标准输入里的状态，存下原文，往 stdout 写一行，再记一行日志：
#    pid 是容器 init 在宿主机上的进程号就记 host，0、1 照记，没有就记 none。第二个参数是它的退出码。
#    startContainer 用 rootfs 里的同名脚本，先睡 1 秒，经绑定挂载的 /out 记同样的日志。
mkdir -p bundle/rootfs/bin out && cp /bin/busybox bundle/rootfs/bin/busybox
cat > probe.sh <<'EOF'
#!/bin/sh
s="$(cat)"; out="$(echo "$s" | jq -r .bundle)/../out"; echo "$s" > "$out/$1.json"; echo "$1"
pid="$(echo "$s" | jq -r '.pid // "none"')"; [ "$pid" -gt 1 ] 2>/dev/null && [ "$(awk '/^NSpid/ {print $NF}' "/proc/$pid/status")" = 1 ] && pid=host
echo "$1 status=$(echo "$s" | jq -r .status) pid=$pid" >> "$out/hooks.log"; exit "${2:-0}"
EOF
cat > bundle/rootfs/probe.sh <<'EOF'
#!/bin/busybox sh
s="$(/bin/busybox cat)"; pid="$(echo "$s" | /bin/busybox sed -n 's/.*"pid":\([0-9]*\).*/\1/p')"; /bin/busybox sleep 1
echo "$1 status=$(echo "$s" | /bin/busybox sed 's/.*"status":"\([a-z]*\)".*/\1/') pid=${pid:-none}" >> /out/hooks.log
EOF
chmod +x probe.sh bundle/rootfs/probe.sh && runc spec --bundle bundle
jq --arg p "$work/probe.sh" --arg out "$work/out" '.process.terminal = false | .process.args = ["/bin/busybox", "sleep", "60"]
  | .mounts += [{destination: "/out", type: "bind", source: $out, options: ["rbind"]}]
  | .annotations = {"org.example.team": "platform", "run.oci.hooks.stdout": "\($out)/hooks.stdout"}
  | .hooks = ({createRuntime: 0, createContainer: 0, poststart: 0, poststop: 0} | with_entries(.value = [{path: $p, args: ["probe.sh", .key]}]))
  | .hooks.startContainer = [{path: "/probe.sh", args: ["probe.sh", "startContainer"]}]' bundle/config.json > base.json

# 3. 每条命令期间执行了哪些钩子。runc 在 create 里执行 poststart，start 要等 startContainer 和用户程序启动才返回。
#    crun 在 start 里执行 poststart，但它写完 exec.fifo 就执行，不等容器：这时 startContainer 还在睡，用户程序还没运行。
cycle base .

# 4. 每个钩子收到的 status 和 pid，以及 createRuntime 收到的完整标准输入。crun 给 create 期间的钩子一律是 created，
#    startContainer 是规范之外的 starting；容器里执行的钩子收到 pid 0。crun 的 ociVersion 写死为 1.0，还多一个 root。
for h in createRuntime createContainer startContainer poststart poststop; do printf '%-15s runc：%-27s crun：%s\n' $h "$(of base.runc $h)" "$(of base.crun $h)"; done
# @oci runtime-state
jq -c . base.runc/createRuntime.json
# @oci runtime-state
jq -c . base.crun/createRuntime.json

# 5. 钩子往 stdout 写的名字，上面一个都没出现。crun 按注解 run.oci.hooks.stdout 把它追加进文件，没有注解就接到 /dev/null；
#    用 probe.sh 的 4 个钩子都写进了文件，在容器命名空间里执行的 createContainer 也是。runc 不认这个注解，见最后的表。
xargs < base.crun/hooks.stdout

# 6. 两个 poststart，#1 以退出码 3 失败。runc 让 create 失败，#2 不再执行，清理时执行了 poststop。
#    crun 只记一条警告，#2 照样执行，start 返回 0，容器在运行。
#    警告看得到，只因为本实验给 crun 加了 --debug；crun 默认什么也不打印。
cycle poststart '.hooks.poststart = [{path: $p, args: ["probe.sh", "poststart#1", "3"]}, {path: $p, args: ["probe.sh", "poststart#2"]}]'

# 7. 两个 poststop，#1 失败。runc 记一条错误，#2 不执行，delete 仍返回 0；crun 记警告，#2 照样执行。
cycle poststop '.hooks.poststop = [{path: $p, args: ["probe.sh", "poststop#1", "3"]}, {path: $p, args: ["probe.sh", "poststop#2"]}]'

# 8. createRuntime 的 path 换成相对的 probe.sh，并把 $work 加进 PATH。crun 用 execvpe，在 PATH 里找到了它；
#    runc 不搜 PATH，相对路径从它切换到的 bundle 目录算起，找不到，create 失败。
PATH="$work:$PATH" cycle relpath '.hooks.createRuntime[0].path = "probe.sh"'

# 9. 对照表，每格都由上面存下的结果算出。「规范」一栏按 v1.3.0，只列本实验演示过的行。
summary
