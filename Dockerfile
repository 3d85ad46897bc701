# Switchyard add-on image: Node 22 on Alpine. The Supervisor builds it with the repo root as context.
ARG BASE_IMAGE=node:22-alpine

FROM ${BASE_IMAGE} AS build
# better-sqlite3 12.x compiles from source where no prebuilt binary matches
RUN apk add --no-cache python3 py3-setuptools make g++
WORKDIR /build
COPY package.json package-lock.json ./
# patch-package applies patches/ after npm ci: aedes fixes (src/adapters/broker/README.md), json-rules-engine
# loading jsonpath-plus only when a rule has a `path` (never here)
COPY patches ./patches
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# the ingress panel, bundled by npm run build into dist/panel/
COPY panel ./panel
COPY scripts/build-panel.mjs scripts/build-server.mjs ./scripts/
RUN npm run build && npm prune --omit=dev

FROM ${BASE_IMAGE}
WORKDIR /app
# MALLOC_ARENA_MAX as in npm start: glibc's malloc keeps an arena per thread (SQLite, the history writer,
# libuv); two are plenty and hold about 30 MB less with a large network. musl (Alpine) ignores it.
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    SWITCHYARD_DATA_DIR=/data \
    SWITCHYARD_AUTOMATIONS_DIR=/config/automations
COPY --from=build /build/package.json ./
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
# the intent templates of spoken commands (one file per language), found next to dist/
COPY intents ./intents
# copied into /config/automations on the first start
COPY automations ./automation-examples
ENV SWITCHYARD_EXAMPLES_DIR=/app/automation-examples
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD wget -q -O /dev/null http://127.0.0.1:8099/api/health || exit 1
CMD ["node", "--max-semi-space-size=4", "/app/dist/server/main.js"]

ARG BUILD_VERSION=dev
ARG BUILD_ARCH
LABEL io.hass.type="addon" io.hass.version="${BUILD_VERSION}" io.hass.arch="${BUILD_ARCH}" \
      io.hass.name="Switchyard"
