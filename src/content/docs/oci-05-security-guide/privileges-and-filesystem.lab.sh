#!/usr/bin/env bash
# @title 权限与文件系统加固：noNewPrivileges、只读根文件系统、屏蔽路径与只读路径
# @tools runc jq busybox setcap
# @timeout 240
# 以 root 运行；只用本机文件，不需要网络。setcap 和 getcap 来自 Debian 的 libcap2-bin 包，只在主机上给文件加能力。
set -euo pipefail

# @setup 临时工作目录、唯一的容器 ID，以及无论成败都会执行的清理
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
id="oci-lab-$$"
cleanup() {
  for name in "$id-nnp-off" "$id-nnp-on" "$id-ro" "$id-mask" "$id-nomask"; do
    runc --root "$work/runc" delete -f "$name" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"

# 1. 准备根文件系统（rootfs）：busybox 的三份拷贝。busybox-suid 属于 root 且带 setuid 位（权限里的 s）；
#    busybox-cap 带文件能力 cap_net_bind_service=ep。busybox 默认会对大多数命令主动放弃 setuid 得来的权限，
#    /etc/busybox.conf 里这一行让 id 命令例外：sxx 表示所有人都可以执行它，并以 0.0 里的用户（uid 0）身份运行，组不切换。
mkdir -p rootfs/bin rootfs/etc
cp /bin/busybox rootfs/bin/busybox
cp /bin/busybox rootfs/bin/busybox-suid
chmod 4755 rootfs/bin/busybox-suid
cp /bin/busybox rootfs/bin/busybox-cap
setcap cap_net_bind_service+ep rootfs/bin/busybox-cap
printf '[SUID]\nid = sxx 0.0\n' > rootfs/etc/busybox.conf
stat -c '%A %U %n' rootfs/bin/busybox-suid
getcap rootfs/bin/busybox-cap

# 2. 两份只差 noNewPrivileges 的配置：进程以 uid 1000 运行，能力只留边界集（bounding），
#    有效集和许可集为空。两个容器都在后台运行 sleep，后面用 runc exec 在里面执行命令。
mkdir nnp-off nnp-on
runc spec --bundle nnp-off
jq '.root.path = "../rootfs" | .process.terminal = false | .process.args = ["/bin/busybox", "sleep", "600"]
  | .process.user = {"uid": 1000, "gid": 1000}
  | .process.capabilities = {"bounding": .process.capabilities.bounding}
  | .process.noNewPrivileges = false' nnp-off/config.json > config.tmp
mv config.tmp nnp-off/config.json
jq '.process.noNewPrivileges = true' nnp-off/config.json > nnp-on/config.json
jq -c '.process | {user, capabilities, noNewPrivileges}' nnp-off/config.json
jq -c '.process | {user, capabilities, noNewPrivileges}' nnp-on/config.json
runc --root "$work/runc" run --detach --bundle nnp-off "$id-nnp-off"
runc --root "$work/runc" run --detach --bundle nnp-on "$id-nnp-on"

# 3. noNewPrivileges 为 false：内核的 NoNewPrivs 标志是 0，执行 setuid 程序后 euid 变成 0。
runc --root "$work/runc" exec "$id-nnp-off" /bin/busybox grep NoNewPrivs /proc/self/status
runc --root "$work/runc" exec "$id-nnp-off" /bin/busybox-suid id

# 4. noNewPrivileges 为 true：NoNewPrivs 是 1。busybox 照第 1 步的 busybox.conf 调用 setresuid 切到 uid 0，被内核拒绝：
#    execve 没有让进程得到 euid 0，所以它无权切换。
runc --root "$work/runc" exec "$id-nnp-on" /bin/busybox grep NoNewPrivs /proc/self/status
runc --root "$work/runc" exec "$id-nnp-on" /bin/busybox-suid id || echo "退出码：$?"

# 5. 文件能力也是一种“新权限”。noNewPrivileges 为 false 时，busybox-cap 的许可集和有效集得到 0x400（CAP_NET_BIND_SERVICE）；
#    为 true 时两者都是 0。对照：普通的 busybox 即使在 noNewPrivileges 为 false 的容器里也是 0。
runc --root "$work/runc" exec "$id-nnp-off" /bin/busybox-cap grep -E '^Cap(Prm|Eff):' /proc/self/status
runc --root "$work/runc" exec "$id-nnp-on" /bin/busybox-cap grep -E '^Cap(Prm|Eff):' /proc/self/status
runc --root "$work/runc" exec "$id-nnp-off" /bin/busybox grep -E '^Cap(Prm|Eff):' /proc/self/status

# 6. 只读根文件系统加一个可写的 tmpfs：从 runc spec 的默认配置出发（进程是 root），root.readonly 为 true，
#    /tmp 挂载 16 MiB 的 tmpfs，选项 nosuid、nodev、noexec。
mkdir ro
runc spec --bundle ro
jq '.root = {"path": "../rootfs", "readonly": true} | .process.terminal = false
  | .process.args = ["/bin/busybox", "sleep", "600"]
  | .mounts += [{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
      "options": ["nosuid", "nodev", "noexec", "mode=1777", "size=16m"]}]' ro/config.json > config.tmp
mv config.tmp ro/config.json
jq -c '{root, tmp: (.mounts[] | select(.destination == "/tmp"))}' ro/config.json
runc --root "$work/runc" run --detach --bundle ro "$id-ro"

# 7. 内核看到的挂载：/ 带 ro，/tmp 是 tmpfs，带 nosuid、nodev、noexec 和 16 MiB 上限（size=16384k）。
runc --root "$work/runc" exec "$id-ro" /bin/busybox awk '$2 == "/" {split($4, o, ","); print $2, o[1]} $2 == "/tmp" {print $2, $3, $4}' /proc/self/mounts

# 8. 即使是 root，写根文件系统也得到 Read-only file system；写 /tmp 成功。
runc --root "$work/runc" exec "$id-ro" /bin/busybox touch /new-file || echo "退出码：$?"
runc --root "$work/runc" exec "$id-ro" /bin/busybox sh -c 'echo hello > /tmp/note && cat /tmp/note'

# 9. noexec：把 busybox 复制到 /tmp 可以，运行它被拒绝（Permission denied，shell 的退出码 126）。
runc --root "$work/runc" exec "$id-ro" /bin/busybox cp /bin/busybox /tmp/busybox
runc --root "$work/runc" exec "$id-ro" /bin/busybox sh -c '/tmp/busybox true' || echo "退出码：$?"

# 10. 屏蔽路径（maskedPaths）与只读路径（readonlyPaths）：在 rootfs 里放一个秘密目录和一个密钥文件，
#     再从主机把一个数据目录以 rw 绑定挂载到 /data。mask 容器在 runc spec 的默认列表上追加自定义路径，
#     nomask 容器把两个列表都清空作对照。两者都从上一份配置出发，但 root.readonly 改回 false。
mkdir -p rootfs/etc/secret data mask nomask
echo token-123 > rootfs/etc/secret/token
echo key-456 > rootfs/etc/app.key
echo v1 > data/settings
jq '.root.readonly = false
  | .mounts += [{"destination": "/data", "type": "bind", "source": "../data", "options": ["rbind", "rw"]}]
  | .linux.maskedPaths += ["/etc/secret", "/etc/app.key"] | .linux.readonlyPaths += ["/data"]' \
  ro/config.json > mask/config.json
jq '.linux.maskedPaths = [] | .linux.readonlyPaths = []' mask/config.json > nomask/config.json
jq -c '.linux.maskedPaths' mask/config.json
jq -c '.linux.readonlyPaths' mask/config.json
runc --root "$work/runc" run --detach --bundle mask "$id-mask"
runc --root "$work/runc" run --detach --bundle nomask "$id-nomask"

# 11. 默认屏蔽路径遮住了什么：不屏蔽时，容器里的 root 能读到主机内核的定时器列表（这里只打印标题），
#     主机的 /sys/firmware 目录也有内容；屏蔽后前者读出 0 字节，后者是空目录。
runc --root "$work/runc" exec "$id-nomask" /bin/busybox sh -c 'head -n 1 /proc/timer_list | cut -d: -f1'
runc --root "$work/runc" exec "$id-mask" /bin/busybox wc -c /proc/timer_list
runc --root "$work/runc" exec "$id-nomask" /bin/busybox sh -c 'test -n "$(ls -A /sys/firmware)" && echo 有内容'
runc --root "$work/runc" exec "$id-mask" /bin/busybox sh -c 'ls -A /sys/firmware | wc -l'

# 12. 自定义屏蔽路径：不屏蔽时秘密目录和密钥文件都读得到；屏蔽后目录是空的且不能写，
#     密钥文件读出 0 字节，写进去的内容也不会留下。
runc --root "$work/runc" exec "$id-nomask" /bin/busybox cat /etc/secret/token /etc/app.key
runc --root "$work/runc" exec "$id-mask" /bin/busybox sh -c 'ls -A /etc/secret | wc -l'
runc --root "$work/runc" exec "$id-mask" /bin/busybox touch /etc/secret/new || echo "退出码：$?"
runc --root "$work/runc" exec "$id-mask" /bin/busybox sh -c 'echo leaked > /etc/app.key; wc -c /etc/app.key'

# 13. 自定义只读路径：/data 读得到，写入得到 Read-only file system；不加只读路径的 nomask 容器可以写，
#     写入的内容在主机上也看得到。
runc --root "$work/runc" exec "$id-mask" /bin/busybox cat /data/settings
runc --root "$work/runc" exec "$id-mask" /bin/busybox sh -c 'echo v2 > /data/settings' || echo "退出码：$?"
runc --root "$work/runc" exec "$id-nomask" /bin/busybox sh -c 'echo v2 > /data/settings'
cat data/settings

# 14. runc 1.1.5 的实现，见 /proc/self/mountinfo（每行：挂载点、源文件系统里的路径、ro 或 rw，是 tmpfs 时再注明）：
#     被屏蔽的文件上绑定挂载了容器的 /dev/null：源路径 /null 在容器 /dev 这个 tmpfs 里，所以类型显示为 tmpfs，
#     rw 表示可以写，但写进去的内容都被 /dev/null 丢掉（第 12 步）。被屏蔽的目录上挂的是只读 tmpfs；
#     只读路径是把 /data 绑定挂载到它自己上再改成 ro，所以 /data 出现两行，后一行带 ro。
runc --root "$work/runc" exec "$id-mask" /bin/busybox awk '$5 ~ /^\/(etc\/|data$|sys\/firmware$|proc\/timer_list$)/ {
    for (i = 7; $i != "-"; i++) {}
    split($6, o, ","); print $5, $4, o[1], ($(i + 1) == "tmpfs" ? "tmpfs" : "")
  }' /proc/self/mountinfo
