#!/usr/bin/env bash
# @title 生命周期与状态：逐个操作观察状态变化，用钩子看运行时传给钩子的状态
# @tools runc jq busybox
# @timeout 60
# 以 root 运行；只用本机文件，不需要网络。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  runc --root "$work/runc" delete -f "$id-2" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 配置里加一条注解，再加三个钩子：每个钩子都把运行时从标准输入传来的状态存成一个文件。
mkdir -p bundle/rootfs/bin hooks
cp /bin/busybox bundle/rootfs/bin/busybox
runc spec --bundle bundle
jq --arg out "$work/hooks" '.process.terminal = false | .process.args = ["/bin/busybox", "sleep", "60"]
  | .annotations = {"org.example.team": "platform"}
  | .hooks = {
      "createRuntime": [{"path": "/bin/sh", "args": ["sh", "-c", "cat > \($out)/createRuntime.json"]}],
      "poststart": [{"path": "/bin/sh", "args": ["sh", "-c", "cat > \($out)/poststart.json"]}],
      "poststop": [{"path": "/bin/sh", "args": ["sh", "-c", "cat > \($out)/poststop.json"]}]
    }' bundle/config.json > config.tmp
mv config.tmp bundle/config.json

# 2. create：容器进入 created 状态，用户程序还没有运行。runc state 输出状态（runc 另外加了 rootfs、created、owner）。
runc --root "$work/runc" create --bundle bundle "$id"
# @oci runtime-state
runc --root "$work/runc" state "$id" | jq .

# 3. createRuntime 钩子在 create 期间运行，收到的状态是 creating。
#    poststart 钩子也已经运行过了：runc 1.1.5 在 create 里就调用它，而规范要求在 start 运行用户程序之后调用。
jq -c '{status, annotations}' hooks/createRuntime.json
ls hooks
jq -c '{status}' hooks/poststart.json

# 4. start：运行用户程序，状态变为 running。对不是 created 的容器再次 start，规范要求报错。
runc --root "$work/runc" start "$id"
runc --root "$work/runc" state "$id" | jq -r .status
runc --root "$work/runc" start "$id" || echo "退出码：$?"

# 5. delete 一个还没停止的容器，规范要求报错且不影响容器。
runc --root "$work/runc" delete "$id" || echo "退出码：$?"

# 6. kill 发送信号；进程退出后状态是 stopped（runc 此时把 pid 报为 0）。
runc --root "$work/runc" kill "$id" KILL
until [ "$(runc --root "$work/runc" state "$id" | jq -r .status)" = stopped ]; do sleep 0.1; done
runc --root "$work/runc" state "$id" | jq -c '{status, pid}'

# 7. delete 撤销 create 建立的一切，然后调用 poststop 钩子，它收到的状态里没有 pid。之后容器就不存在了。
runc --root "$work/runc" delete "$id"
jq -c '{status, hasPid: has("pid")}' hooks/poststop.json
runc --root "$work/runc" state "$id" || echo "退出码：$?"

# 8. 规范要求 delete 只能用于 stopped 的容器；runc 1.1.5 对 created 的容器例外：不加 --force 也直接杀掉并删除。
rm hooks/*.json
runc --root "$work/runc" create --bundle bundle "$id-2"
runc --root "$work/runc" state "$id-2" | jq -r .status
runc --root "$work/runc" delete "$id-2" && echo "delete 退出码：0"
runc --root "$work/runc" state "$id-2" || echo "退出码：$?"
