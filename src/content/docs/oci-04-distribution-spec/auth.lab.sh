#!/usr/bin/env bash
# @title 注册表认证：Basic 认证与 Docker Registry 令牌认证（自己签发 JWT）
# @tools docker-registry skopeo curl jq openssl htpasswd
# @timeout 150
# @mask 127\.0\.0\.1:[0-9]+ => 127.0.0.1:<端口>
# @mask (\$2y\$05\$)[./A-Za-z0-9]{53} => $1<bcrypt 散列>
# @mask scope="repository:demo/hello:(pull,push|push,pull)" => scope="repository:demo/hello:<pull 和 push，顺序不定>"
# @mask "x5c":\["[A-Za-z0-9+/]{16}…"\] => "x5c":["<证书>…"]
# @mask "(exp|nbf|iat)":[0-9]+ => "$1":<时间>
# @mask "jti":"[0-9a-f]{16}" => "jti":"<随机>"
# @mask "kid":"[A-Z2-7]{4}(:[A-Z2-7]{4}){11}" => "kid":"<公钥指纹>"
# 以 root 运行；两个注册表都只监听 127.0.0.1 上的空闲端口，数据放在临时目录里。
# 认证协议不在 OCI 规范里：分发规范 v1.1.1 只说 /v2/ 可以（MAY）用于认证和授权，「但这不在本规范范围之内」，
# 另外列出 UNAUTHORIZED、DENIED 两个错误码。下面的令牌认证来自 distribution 项目 v2.8.2 的文档
# （Docker Registry token authentication：docs/spec/auth/token.md、jwt.md、scope.md）。
set -euo pipefail

# @setup 临时目录、找空闲端口和启动注册表的函数，以及无论成败都会执行的清理（停止注册表、删除临时目录）
work="$(mktemp -d /tmp/oci-lab.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"
free_port() {
  local candidate
  for candidate in $(shuf -i 20000-32000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
  return 1
}
start_registry() { # $1：配置文件；$2：地址。5 秒内 /v2/ 没有任何 HTTP 应答就失败。
  docker-registry serve "$1" > "$1.log" 2>&1 &
  pids+=($!)
  local i
  for i in $(seq 50); do curl -s -o /dev/null "http://$2/v2/" && break; [ "$i" -lt 50 ]; sleep 0.1; done
}
basic="127.0.0.1:$(free_port)"

# 1. 先看 Basic 认证。htpasswd -B 生成 bcrypt 散列的口令文件（2.8.2 只认 bcrypt），注册表配置里的 auth.htpasswd 指向它。
htpasswd -cBb htpasswd alice s3cret
cat htpasswd
cat > basic.yml <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/basic-data
http:
  addr: $basic
auth:
  htpasswd:
    realm: oci-lab
    path: $work/htpasswd
YAML
start_registry basic.yml "$basic"

# 2. 认证方式不由 OCI 规范定义，分发规范只说 /v2/ 可以（MAY）用于认证。不带凭据访问 /v2/：401，
#    WWW-Authenticate 要求 Basic 认证；响应体是分发规范的错误格式，错误码 UNAUTHORIZED。
curl -s -o /dev/null -D - "http://$basic/v2/" | tr -d '\r' | grep -iE '^(http/|www-authenticate|content-type)'
curl -s "http://$basic/v2/" | jq -c

# 3. 带上用户名和口令就是 200；口令错了仍是 401。注意这里走的是明文 HTTP：distribution 2.8.2 的配置文档
#    警告 htpasswd 只应在配置了 TLS 时使用（口令就在请求头里），但注册表照常放行（源码里也没有相应的警告）。
curl -s -o /dev/null -D - -u alice:s3cret "http://$basic/v2/" | tr -d '\r' | grep -iE '^(http/|www-authenticate|content-type)'
curl -s -o /dev/null -D - -u alice:wrong "http://$basic/v2/" | tr -d '\r' | grep -iE '^(http/|www-authenticate|content-type)'

# 4. 客户端登录：skopeo login 先用凭据访问 /v2/ 验证，再写进认证文件（authfile）。
printf 's3cret' | skopeo login --tls-verify=false --authfile "$work/auth.json" -u alice --password-stdin "$basic"
jq . "$work/auth.json"

# 5. auth 字段只是「用户名:口令」的 base64，不是加密：谁能读这个文件，谁就拿到了口令。
#    想不把口令明文落盘，要配置凭据助手（credential helper），由它交给系统的密钥库保管。
jq -r --arg r "$basic" '.auths[$r].auth' "$work/auth.json" | base64 -d; echo

# 6. 再看令牌认证，协议来自 distribution 项目的文档（Docker Registry token authentication），不是 OCI 规范。
#    openssl 生成签名用的 RSA 密钥和自签名证书：注册表只拿证书（rootcertbundle），私钥归令牌服务器。
#    realm 是令牌服务器的地址；本实验没有令牌服务器，注册表和 curl 都不会访问它。
openssl req -x509 -newkey rsa:2048 -nodes -keyout token.key -out token.crt -days 1 -subj '/CN=oci-lab token signer' 2>/dev/null
openssl x509 -in token.crt -noout -subject
token="127.0.0.1:$(free_port)"
cat > token.yml <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/token-data
http:
  addr: $token
auth:
  token:
    realm: https://auth.example.test/token
    service: registry.example.test
    issuer: auth.example.test
    rootcertbundle: $work/token.crt
YAML
start_registry token.yml "$token"

# 7. 不带令牌访问 /v2/：401，质询（challenge）变成 Bearer，告诉客户端去哪个 realm、为哪个 service 要令牌。
curl -s -o /dev/null -D - "http://$token/v2/" | tr -d '\r' | grep -iE '^(http/|www-authenticate|content-type)'

# 8. 访问具体仓库时，质询里多了 scope：列标签只要 pull，发起上传要 pull 和 push。
#    2.8.2 把动作存在 Go 的 map 里，pull、push 的先后每次运行都可能不同。错误体的 detail 列出这次请求需要的权限。
curl -s -o /dev/null -D - "http://$token/v2/demo/hello/tags/list" | tr -d '\r' | grep -iE '^(http/|www-authenticate)'
curl -s -o /dev/null -D - -X POST "http://$token/v2/demo/hello/blobs/uploads/" | tr -d '\r' | grep -iE '^(http/|www-authenticate)'
curl -s -X POST "http://$token/v2/demo/hello/blobs/uploads/" | jq -c

# 9. 这几行代替令牌服务器：真实的客户端会带着 Basic 凭据请求
#    GET https://auth.example.test/token?service=registry.example.test&scope=repository:demo/hello:pull，
#    收到 {"token": …, "expires_in": …}。这里直接用私钥签一个 RS256 的 JWT，头部的 x5c 放证书（DER 的 base64）。
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
b64url_decode() { local s; s="$(tr '_-' '/+')"; while [ $((${#s} % 4)) -ne 0 ]; do s="$s="; done; printf '%s' "$s" | base64 -d; }
x5c_header="$(jq -nc --arg cert "$(openssl x509 -in token.crt -outform DER | openssl base64 -A)" '{alg: "RS256", typ: "JWT", x5c: [$cert]}')"
issue_token() { # $1：允许的动作，如 pull 或 pull,push；$2：JWT 头部（JSON）
  local now header claims
  now="$(date +%s)"
  header="$(printf '%s' "$2" | b64url)"
  claims="$(jq -nc --argjson now "$now" --arg jti "$(openssl rand -hex 8)" --arg actions "$1" \
    '{iss: "auth.example.test", sub: "alice", aud: "registry.example.test", exp: ($now + 300), nbf: $now, iat: $now, jti: $jti,
      access: [{type: "repository", name: "demo/hello", actions: ($actions | split(","))}]}' | b64url)"
  printf '%s.%s.%s' "$header" "$claims" "$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign token.key -binary | b64url)"
}

# 10. 签发一个只能 pull 的令牌（令牌本身每次都不同，不打印），解码看它的头部和声明：
#     iss 要等于配置的 issuer，aud 要等于 service，exp 是签发后 300 秒（2.8.2 核对 exp、nbf 时放宽 60 秒），access 列出允许的动作。
pull="$(issue_token pull "$x5c_header")"
cut -d. -f1 <<<"$pull" | b64url_decode | jq -c '.x5c[0] |= .[0:16] + "…"'
cut -d. -f2 <<<"$pull" | b64url_decode | jq -c

# 11. 带上这个令牌列标签：认证通过了，仓库还是空的，所以是 404 NAME_UNKNOWN。
#     同一个令牌去发起上传：签名没问题但权限不够，质询里带 error="insufficient_scope"。
curl -s -H "Authorization: Bearer $pull" "http://$token/v2/demo/hello/tags/list" | jq -c
curl -s -o /dev/null -D - -X POST -H "Authorization: Bearer $pull" "http://$token/v2/demo/hello/blobs/uploads/" \
  | tr -d '\r' | grep -iE '^(http/|www-authenticate)'

# 12. 签发 pull,push 令牌：发起上传得到 202，再按 Location 一次性上传一个 blob（201）。
#     然后用只能 pull 的令牌把它读回来。
push="$(issue_token pull,push "$x5c_header")"
curl -s -o /dev/null -D upload.headers -X POST -H "Authorization: Bearer $push" "http://$token/v2/demo/hello/blobs/uploads/"
tr -d '\r' < upload.headers | grep -iE '^(http/|www-authenticate)'
location="$(tr -d '\r' < upload.headers | sed -n 's/^location: //Ip')"
printf 'hello, token auth\n' > blob.txt
digest="sha256:$(sha256sum < blob.txt | cut -d' ' -f1)"
curl -s -o /dev/null -D - -X PUT -H "Authorization: Bearer $push" -H 'Content-Type: application/octet-stream' \
  --data-binary @blob.txt "$location&digest=$digest" | tr -d '\r' | grep -iE '^(http/|docker-content-digest)'
curl -s -H "Authorization: Bearer $pull" "http://$token/v2/demo/hello/blobs/$digest"

# 13. 只改声明、不重新签名（把 pull 令牌的动作改成 pull,push）：签名对不上，error="invalid_token"。
#     注册表日志里写着拒绝的原因。
forged="$(cut -d. -f1 <<<"$pull").$(cut -d. -f2 <<<"$pull" | b64url_decode | jq -c '.access[0].actions += ["push"]' | b64url).$(cut -d. -f3 <<<"$pull")"
curl -s -o /dev/null -D - -X POST -H "Authorization: Bearer $forged" "http://$token/v2/demo/hello/blobs/uploads/" \
  | tr -d '\r' | grep -iE '^(http/|www-authenticate)'
grep -o 'msg="unable to verify token signature[^"]*"' token.yml.log

# 14. 2.8.2 也接受不带证书、只带 kid 的头部：kid 是 libtrust 格式的公钥指纹
#     （公钥 DER 的 SHA-256 取前 240 位，base32 编码，每 4 个字符用冒号隔开），要与 rootcertbundle 里某张证书的公钥相符。
kid="$(openssl x509 -in token.crt -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary \
  | head -c 30 | base32 -w0 | fold -w4 | paste -sd:)"
kid_header="$(jq -nc --arg kid "$kid" '{alg: "RS256", typ: "JWT", kid: $kid}')"
echo "$kid_header"
curl -s -H "Authorization: Bearer $(issue_token pull "$kid_header")" "http://$token/v2/demo/hello/blobs/$digest"
