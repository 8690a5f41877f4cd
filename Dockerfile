# syntax=docker/dockerfile:1
# Riptide: one image for every role (`serve ingest|scorer|coordination-detect|coordination-cluster|opinion|api`).
# Build: `npx riptide image build` (podman, the local base; see docs/deploy-image.md), or any builder:
#   docker build -t riptide .          (BASE_IMAGE defaults to the official node:24-bookworm-slim)
# Stages are ordered for the layer cache: dependencies change with the lockfile, models with their
# manifests, and only the compiled code with each commit.
ARG BASE_IMAGE=node:24-bookworm-slim

# npm reaches the registry from both dependency stages. Behind a TLS-intercepting proxy, the secret
# `registry-ca` (`riptide image build` passes the host's NODE_EXTRA_CA_CERTS) is trusted too; a secret is
# mounted for the one step, never stored in a layer.

# Production dependencies only. onnxruntime-node ships every platform's binaries: only this one's stay.
FROM ${BASE_IMAGE} AS production-dependencies
WORKDIR /build
ENV ONNXRUNTIME_NODE_INSTALL=skip NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=registry-ca \
    if [ -s /run/secrets/registry-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/registry-ca; fi \
 && npm ci --omit=dev \
 && platform="$(node -p 'process.platform + "/" + process.arch')" \
 && for binaries in node_modules/onnxruntime-node/bin/napi-v*/*/*; do \
      case "$binaries" in */"$platform") ;; *) rm -rf "$binaries" ;; esac; \
    done \
 && test -e "node_modules/onnxruntime-node/bin/napi-v6/$platform/onnxruntime_binding.node"

# Every dependency, then `npm run build` (Nx: swc to dist/riptide, esbuild for the console).
FROM ${BASE_IMAGE} AS build
WORKDIR /build
ENV ONNXRUNTIME_NODE_INSTALL=skip NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false \
    NX_NO_CLOUD=true NX_DAEMON=false
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=registry-ca \
    if [ -s /run/secrets/registry-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/registry-ca; fi \
 && npm ci
COPY nx.json tsconfig.base.json tsconfig.json ./
COPY bin bin
COPY tools tools
COPY libs libs
COPY apps apps
RUN npm run build

# The models, checked against the sha256 their manifests pin before they ship: the tiers' files
# (models/) and the sentence encoders the accurate tiers load (`riptide models fetch` put them in
# .local/models; `riptide image build` fetches them when absent). Read through bind mounts: this stage
# runs again with every code change, and leaves only the list of what it checked.
FROM build AS verified-models
WORKDIR /verify
RUN --mount=type=bind,source=models,target=/verify/models \
    --mount=type=bind,source=.local/models,target=/verify/encoders \
    node /build/dist/riptide/apps/cli/src/main.js image verify-models --models models --encoders encoders \
      >/models.sha256

FROM ${BASE_IMAGE}
# A fixed uid, not root: volumes and mounted secrets can be owned by it.
RUN groupadd --gid 10001 riptide \
 && useradd --uid 10001 --gid riptide --home-dir /var/lib/riptide --no-create-home --shell /usr/sbin/nologin riptide \
 && install -d -o riptide -g riptide -m 0750 /var/lib/riptide
WORKDIR /app
ENV NODE_ENV=production \
    RIPTIDE_MODELS_DIR=/app/encoders \
    RIPTIDE_LOCAL_DIR=/var/lib/riptide \
    RIPTIDE_RUN_DIR=/tmp/riptide \
    API_CONSOLE_DIR=/app/console \
    NODE_OPTIONS=--enable-source-maps
COPY --from=production-dependencies /build/node_modules node_modules
# The files verified above, from the same build context (`cd /app && sha256sum -c models.sha256`).
COPY models models
COPY .local/models encoders
COPY --from=verified-models /models.sha256 models.sha256
COPY config config
COPY --from=build /build/dist/console console
COPY --from=build /build/dist/riptide/package.json package.json
COPY --from=build /build/dist/riptide/libs libs
COPY --from=build /build/dist/riptide/apps apps
# Numeric, so that Kubernetes' runAsNonRoot can verify it without a runAsUser.
USER 10001:10001
EXPOSE 8081 8082 8083 8084 8085 8086
# /health (liveness) on the port the serving role wrote to $RIPTIDE_RUN_DIR.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "/app/apps/cli/src/main.js", "healthcheck", "--timeout-ms", "3000"]
# Exec form: node is PID 1 and receives SIGTERM itself; `serve` closes the role cleanly and exits 0.
ENTRYPOINT ["node", "/app/apps/cli/src/main.js"]
CMD ["serve", "ingest"]

ARG BASE_IMAGE
ARG VERSION=0.0.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="riptide" \
      org.opencontainers.image.description="Real-time opinion and disinformation tracking on a Kafka stream of social-media posts" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="${BASE_IMAGE}"
