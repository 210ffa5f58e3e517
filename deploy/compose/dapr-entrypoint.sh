#!/bin/sh
# Entrypoint of the compose stack's Dapr containers (dapr.Dockerfile): the API tokens from the
# secrets volume, sentry's root certificate from its volume, then the command (daprd, placement
# or sentry with its flags).
set -eu
# SIDECART_API_TOKENS=off: the sidecar of an app whose image cannot read that file (docs/deploy.md).
if [ -f /secrets/dapr.env ] && [ "${SIDECART_API_TOKENS:-on}" != off ]; then set -a; . /secrets/dapr.env; set +a; fi
if [ -f /sentry/ca.crt ]; then DAPR_TRUST_ANCHORS="$(cat /sentry/ca.crt)"; export DAPR_TRUST_ANCHORS; fi
exec "$@"
