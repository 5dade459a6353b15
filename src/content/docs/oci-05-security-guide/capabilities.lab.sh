#!/usr/bin/env bash
# @title 能力（capability）实战：五个能力集、去掉一项能力、execve 时能力集怎样变化
# @tools runc jq busybox capsh
# @timeout 180
# 以 root 运行；只用本机文件，不需要网络。capsh 来自 Debian 的 libcap2-bin 包，只在主机上用来解码位图。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in "$id" "$id-nochown" "$id-root-nnp-false" "$id-root-nnp-true" "$id-user" "$id-ambient" \
    "$id-ambient-only" "$id-unknown" "$id-eff-not-prm"; do
    runc --root "$work/runc" delete -f "$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 准备根文件系统和第一份配置：能力照 Docker 的默认值给 14 项，放进边界集（bounding）、有效集（effective）和许可集（permitted）；
#    可继承集（inheritable）和环境集（ambient）为空，noNewPrivileges 为 false，这两点也和 Docker 的默认值一样。
mkdir -p rootfs/bin docker
cp /bin/busybox rootfs/bin/busybox
touch rootfs/file
runc spec --bundle docker
jq --argjson caps '["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL", "CAP_AUDIT_WRITE"]' \
  '.root = {"path": "../rootfs", "readonly": false} | .process.terminal = false
  | .process.args = ["/bin/busybox", "sleep", "600"] | .process.noNewPrivileges = false
  | .process.capabilities = {"bounding": $caps, "effective": $caps, "permitted": $caps, "inheritable": [], "ambient": []}' \
  docker/config.json > config.tmp
mv config.tmp docker/config.json
jq -c '{user: .process.user, noNewPrivileges: .process.noNewPrivileges, capabilities: (.process.capabilities | map_values(length))}' docker/config.json

# 2. 启动容器。容器里读 1 号进程的 /proc/1/status，主机上按 runc state 给出的 pid 读 /proc/<pid>/status：
#    五行完全相同，因为这是同一个进程、同一份内核记录。许可集、有效集、边界集相同，可继承集和环境集为 0。
runc --root "$work/runc" run --detach --bundle docker "$id"
pid="$(runc --root "$work/runc" state "$id" | jq .pid)"
runc --root "$work/runc" exec "$id" /bin/busybox grep ^Cap /proc/1/status
grep ^Cap "/proc/$pid/status"

# 3. 在主机上用 capsh 解码有效集的位图：0xa80425fb 正是配置里的 14 项能力。
capsh --decode="$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")"

# 4. 第二个容器从全部三个能力集里去掉 CAP_CHOWN。有效集变成 0xa80425fa，只差最低一位，解码可知这一位就是 CAP_CHOWN。
mkdir nochown
jq '.process.capabilities |= map_values(map(select(. != "CAP_CHOWN")))' docker/config.json > nochown/config.json
runc --root "$work/runc" run --detach --bundle nochown "$id-nochown"
grep ^CapEff "/proc/$(runc --root "$work/runc" state "$id-nochown" | jq .pid)/status"
capsh --decode=1

# 5. 同一条命令并排对比：缺 CAP_CHOWN 的容器里，root 改文件属主被内核拒绝；14 项齐全的容器里成功，主机上看到属主已是 1:1。
runc --root "$work/runc" exec "$id-nochown" /bin/busybox chown 1:1 /file || echo "退出码：$?"
runc --root "$work/runc" exec "$id" /bin/busybox chown 1:1 /file
stat -c '%n %u:%g' rootfs/file

# 6. 按 capabilities(7)，root 进程 execve 时，内核把文件的许可集和可继承集视为全 1，于是新的许可集 = 边界集 | 可继承集。
#    这里边界集给三项，许可集和有效集只给 CAP_KILL：noNewPrivileges 为 false 时，用户程序拿到边界集的全部三项（0x421）；
#    为 true 时，内核不许 execve 扩大许可集，只剩 CAP_KILL（0x20）。可继承集为空，所以前一种情况的结果就是边界集。
mkdir root-nnp-false root-nnp-true
jq '.process.args = ["/bin/busybox", "grep", "-E", "^Cap(Prm|Eff|Bnd):", "/proc/self/status"]
  | .process.capabilities = {"bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
      "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"], "inheritable": [], "ambient": []}' \
  docker/config.json > root-nnp-false/config.json
jq '.process.noNewPrivileges = true' root-nnp-false/config.json > root-nnp-true/config.json
runc --root "$work/runc" run --bundle root-nnp-false "$id-root-nnp-false"
runc --root "$work/runc" run --bundle root-nnp-true "$id-root-nnp-true"
capsh --decode=421

# 7. 换成非 root 用户（uid 1000）。容器里运行的脚本先打印自己的 Uid 和五个能力集，再让 httpd 监听 80 端口，成功就用 netstat 列出监听。
cat > rootfs/probe.sh <<'EOF'
exec 2>&1
busybox grep -E '^(Uid|CapInh|CapPrm|CapEff|CapBnd|CapAmb):' /proc/self/status
busybox httpd -p 80 && busybox netstat -ltn | busybox awk '$4 ~ /:80$/ {print $1, $4, $6}'
EOF

# 8. 只把 CAP_NET_BIND_SERVICE 放进边界集、有效集和许可集：uid 1000 的进程 execve 之后，许可集和有效集清零，
#    只有边界集还留着它（0x400）；绑定 80 端口被拒绝。
mkdir user
jq '.process.user = {"uid": 1000, "gid": 1000} | .process.args = ["/bin/busybox", "sh", "/probe.sh"]
  | .process.capabilities = {"bounding": ["CAP_NET_BIND_SERVICE"], "effective": ["CAP_NET_BIND_SERVICE"],
      "permitted": ["CAP_NET_BIND_SERVICE"], "inheritable": [], "ambient": []}' docker/config.json > user/config.json
runc --root "$work/runc" run --bundle user "$id-user" || echo "退出码：$?"

# 9. 再把它放进可继承集和环境集：环境集跨过 execve 保留下来，许可集和有效集都是 0x400，uid 1000 的进程监听了 80 端口。
mkdir ambient
jq '.process.capabilities.inheritable = ["CAP_NET_BIND_SERVICE"] | .process.capabilities.ambient = ["CAP_NET_BIND_SERVICE"]' \
  user/config.json > ambient/config.json
runc --root "$work/runc" run --bundle ambient "$id-ambient"

# 10. 只放进环境集、不放进可继承集：内核不许提升不在可继承集里的环境能力，环境集仍为 0，绑定 80 端口又被拒绝；
#     runc 没有打印任何警告。
mkdir ambient-only
jq '.process.capabilities.ambient = ["CAP_NET_BIND_SERVICE"]' user/config.json > ambient-only/config.json
runc --root "$work/runc" run --bundle ambient-only "$id-ambient-only" || echo "退出码：$?"

# 11. 另外两种给不了的能力，runc 处理得不一样：不认识的能力名只记一条警告，容器照常运行；
#     有效集里有许可集之外的能力，设置能力的系统调用失败，runc 拒绝启动容器。
mkdir unknown eff-not-prm
jq '.process.args = ["/bin/busybox", "true"] | .process.capabilities.bounding += ["CAP_NO_SUCH_THING"]' \
  docker/config.json > unknown/config.json
jq '.process.args = ["/bin/busybox", "true"] | .process.capabilities.permitted -= ["CAP_CHOWN"]' \
  docker/config.json > eff-not-prm/config.json
runc --root "$work/runc" run --bundle unknown "$id-unknown"
runc --root "$work/runc" run --bundle eff-not-prm "$id-eff-not-prm" || echo "退出码：$?"
