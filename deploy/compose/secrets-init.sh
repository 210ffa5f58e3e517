#!/bin/sh
# The compose stack's `secrets` service (Dockerfile, target `secrets`), run before anything else
# at every `docker compose up`. In the `secrets` volume it keeps:
#   secrets.json        the secret store's file: created once from deploy/compose/secrets.example.json
#                       with fresh random keys (scripts/secrets.mjs, as `npm run setup` does locally)
#   dapr.env            the API tokens every app and sidecar of this stack share (made once)
#   storefront.env      the storefront's two keys, and paypal-double.env the double's credentials,
#                       copied from secrets.json at every start, so a rotated value reaches them
set -eu
cd /app
export SIDECART_SECRETS=/secrets/secrets.json SIDECART_SECRETS_EXAMPLE=deploy/compose/secrets.example.json
node scripts/secrets.mjs init
token() { node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))'; }
if [ ! -s /secrets/dapr.env ]; then
  printf 'DAPR_API_TOKEN=%s\nAPP_API_TOKEN=%s\n' "$(token)" "$(token)" > /secrets/dapr.env
fi
# NAME=SECRET pairs written as an environment file from secrets.json.
env_file() {
  out=$1; shift
  node -e '
    const secrets = require("/secrets/secrets.json");
    const lines = process.argv.slice(1).map((pair) => {
      const [name, key] = pair.split("=");
      return `${name}=${JSON.stringify(String(secrets[key] ?? ""))}`;
    });
    process.stdout.write(lines.join("\n") + "\n");
  ' "$@" > "$out"
}
env_file /secrets/storefront.env GATEWAY_JWT_SECRET=GATEWAY_JWT_SECRET NEXTAUTH_SECRET=NEXTAUTH_SECRET
env_file /secrets/paypal-double.env PAYPAL_DOUBLE_CLIENT_ID=PAYPAL_CLIENT_ID \
  PAYPAL_DOUBLE_CLIENT_SECRET=PAYPAL_CLIENT_SECRET PAYPAL_DOUBLE_WEBHOOK_ID=PAYPAL_WEBHOOK_ID
# Readable by the apps' user (node, 1000) and the sidecars' (65532): the volume is this stack's own.
chmod 644 /secrets/*
