# syntax=docker/dockerfile:1
# daprd, placement and sentry of the public Dapr image (pinned to the runtime version of
# scripts/lib.sh) on a small base with a shell: the entrypoint puts sentry's root certificate
# into DAPR_TRUST_ANCHORS (daprd reads it only from the environment) and the stack's API tokens
# into the environment, and `wget` answers the healthchecks of docker-compose.yml.
FROM daprio/dapr:1.16.0 AS dapr

FROM alpine:3.22.1
COPY --from=dapr /daprd /placement /sentry /usr/local/bin/
COPY dapr-entrypoint.sh /usr/local/bin/dapr-entrypoint.sh
USER 65532
ENTRYPOINT ["/bin/sh", "/usr/local/bin/dapr-entrypoint.sh"]
