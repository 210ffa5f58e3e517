# syntax=docker/dockerfile:1
# One image recipe for every Node app of the workspace; the app is chosen by build argument:
#   docker build --build-arg APP=services/order -t sidecart-order .
# APP is a workspace folder with a `dist/server.js`: gateway, services/<name>, packages/paypal-double.
# The TypeScript build runs once (stage `build`, shared by every APP through the build cache); the
# runtime image holds only that app's production dependencies and compiled code, and runs as `node`.
# The storefront is the target `storefront` (it shares the manifests stage):
#   docker build --target storefront -t sidecart-storefront .
# docker-compose.yml builds them; deploy/test checks this file without an engine.
ARG NODE_IMAGE=node:20.19.5-alpine3.22

# The package manifests alone: `npm ci` below runs again only when one of them changes (BuildKit
# compares what is copied out of this stage, not the sources copied into it).
FROM ${NODE_IMAGE} AS sources
WORKDIR /src
COPY . .
RUN mkdir /manifests && find . -name package.json -o -name package-lock.json | tar -cf - -T - | tar -xf - -C /manifests

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY --from=sources /manifests/ ./

FROM manifests AS build
# Dependencies of the TypeScript projects only (not the storefront's: its own stages below).
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
# links, plus its migrations (order, payment), configuration (the order service's pricing) and static
# files (the gateway's API docs viewer).
RUN test -n "$APP" && test -f "$APP/dist/server.js" || { echo "APP must name a workspace with dist/server.js (got '$APP')"; exit 1; }; \
    for dir in packages/contracts packages/service-kit "$APP"; do \
      mkdir -p "/out/$dir" && cp -r "$dir/package.json" "$dir/dist" "/out/$dir/"; \
      for extra in migrations config static; do [ ! -d "$dir/$extra" ] || cp -r "$dir/$extra" "/out/$dir/"; done; \
    done

FROM manifests AS production-deps
ARG APP
# The workspace packages it links are named too: `-w` alone leaves out their own dependencies.
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=dev -w packages/contracts -w packages/service-kit -w "$APP"

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production
WORKDIR /app
# node_modules, and the workspaces' own where npm nests a version (service-kit's node-pg-migrate).
COPY --from=production-deps /src/ ./
COPY --from=pack /out/ ./
USER node
WORKDIR /app/${APP}
CMD ["node", "dist/server.js"]

# The compose stack's one-shot `secrets` service: creates the secrets volume's files
# (deploy/compose/secrets-init.sh) with scripts/secrets.mjs, as `npm run setup` does locally.
FROM ${NODE_IMAGE} AS secrets
WORKDIR /app
COPY --from=build /src/packages/service-kit/dist/secrets.js packages/service-kit/dist/secrets.js
COPY scripts/secrets.mjs scripts/
COPY deploy/compose/secrets.example.json deploy/compose/secrets-init.sh deploy/compose/
CMD ["sh", "deploy/compose/secrets-init.sh"]

# The storefront. Not Next's standalone output: the storefront runs its own server.mjs (client
# addresses from the socket, the signed-out page cache), so the runtime keeps `.next`, that server
# and the production dependencies of the storefront's workspace. Runs as `node`.
FROM manifests AS storefront-build
RUN npm ci --no-audit --no-fund --ignore-scripts --include-workspace-root -w packages/contracts -w frontend
COPY tsconfig.base.json ./
COPY packages/contracts packages/contracts
RUN npx tsc -b packages/contracts
COPY frontend frontend
# The build's own cache (57 MB measured) stays behind.
RUN cd frontend && NEXT_TELEMETRY_DISABLED=1 npx next build && rm -rf .next/cache

FROM manifests AS storefront-deps
# Without optional packages: Next's compiler (@next/swc-*, 97 MB) only builds, and sharp is for
# next/image, which the storefront does not use.
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=dev --omit=optional -w packages/contracts -w frontend

FROM ${NODE_IMAGE} AS storefront
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME_BIND=0.0.0.0
WORKDIR /app
# node_modules, and the workspaces' own where npm nests a version.
COPY --from=storefront-deps /src/ ./
COPY --from=storefront-build /src/packages/contracts/package.json packages/contracts/
COPY --from=storefront-build /src/packages/contracts/dist packages/contracts/dist
COPY --from=storefront-build /src/frontend/package.json /src/frontend/next.config.mjs /src/frontend/server.mjs /src/frontend/html-cache.mjs frontend/
COPY --from=storefront-build /src/frontend/lib frontend/lib
COPY --from=storefront-build --chown=node:node /src/frontend/.next frontend/.next
USER node
WORKDIR /app/frontend
EXPOSE 3000
CMD ["node", "server.mjs"]

# The default target (last stage): the app chosen by APP.
FROM runtime
