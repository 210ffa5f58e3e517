# syntax=docker/dockerfile:1
# One image recipe for every Node app of the workspace; the app is chosen by build argument:
#   docker build --build-arg APP=services/order -t sidecart-order .
# APP is a workspace folder with a `dist/server.js`: gateway, services/<name>, packages/paypal-double.
# The TypeScript build runs once (stage `build`, shared by every APP through the build cache); the
# runtime image holds only that app's production dependencies and compiled code, and runs as `node`.
# docker-compose.yml builds it for each app; deploy/test checks this file without an engine.
ARG NODE_IMAGE=node:20.19.5-alpine3.22

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
# npm ci checks the lock file against every workspace's package.json, so all of them are copied.
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/service-kit/package.json packages/service-kit/
COPY packages/paypal-double/package.json packages/paypal-double/
COPY gateway/package.json gateway/
COPY services/customer/package.json services/customer/
COPY services/product/package.json services/product/
COPY services/order/package.json services/order/
COPY services/payment/package.json services/payment/
COPY frontend/package.json frontend/
COPY packages/stack-tests/package.json packages/stack-tests/
COPY packages/bench/package.json packages/bench/

FROM manifests AS build
# Dependencies of the TypeScript projects only (not the storefront's, built by frontend/Dockerfile).
RUN npm ci --no-audit --no-fund --ignore-scripts --include-workspace-root \
      -w packages/contracts -w packages/service-kit -w packages/paypal-double -w gateway \
      -w services/customer -w services/product -w services/order -w services/payment
COPY tsconfig.base.json tsconfig.build.json ./
COPY packages/contracts packages/contracts
COPY packages/service-kit packages/service-kit
COPY packages/paypal-double packages/paypal-double
COPY gateway gateway
COPY services/customer services/customer
COPY services/product services/product
COPY services/order services/order
COPY services/payment services/payment
RUN npx tsc -b tsconfig.build.json

FROM build AS pack
ARG APP
# What the app reads at run time: package.json and dist of itself and the workspace packages it
# links, plus its migrations (order, payment) and static files (the gateway's API docs viewer).
RUN test -n "$APP" && test -f "$APP/dist/server.js" || { echo "APP must name a workspace with dist/server.js (got '$APP')"; exit 1; }; \
    for dir in packages/contracts packages/service-kit "$APP"; do \
      mkdir -p "/out/$dir" && cp -r "$dir/package.json" "$dir/dist" "/out/$dir/"; \
      for extra in migrations static; do [ ! -d "$dir/$extra" ] || cp -r "$dir/$extra" "/out/$dir/"; done; \
    done

FROM manifests AS production-deps
ARG APP
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=dev -w "$APP"

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-deps /src/node_modules ./node_modules
COPY --from=pack /out/ ./
USER node
WORKDIR /app/${APP}
CMD ["node", "dist/server.js"]

# The compose stack's one-shot `secrets` service: creates the secrets volume's files
# (deploy/compose/secrets-init.sh) with scripts/secrets.mjs, as `npm run setup` does locally.
FROM ${NODE_IMAGE} AS secrets
WORKDIR /app
COPY --from=build /src/packages/service-kit/dist/secrets.js packages/service-kit/dist/secrets.js
COPY secrets.example.json ./
COPY scripts/secrets.mjs scripts/
COPY deploy/compose/secrets.example.json deploy/compose/secrets-init.sh deploy/compose/
CMD ["sh", "deploy/compose/secrets-init.sh"]

# The default target (last stage): the app chosen by APP.
FROM runtime
