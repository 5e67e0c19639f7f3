# syntax=docker/dockerfile:1

# Build: compile and bundle, pack the package, and install the tarball with its runtime
# dependencies only, as `npm install coc-emulator` would: the bundle holds everything else.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the build runs tsc and esbuild only, never SQLite, so nothing is compiled.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json README.md ./
COPY scripts ./scripts
COPY src ./src
COPY ui ./ui
COPY fixtures ./fixtures
COPY examples ./examples
# On Node 24, npm picks better-sqlite3 13, which ships prebuilt N-API modules; the modules for
# other platforms, SQLite's sources and the library bundles the command does not load are dropped.
RUN npm run build && npm pack --ignore-scripts --silent \
 && mkdir /runtime && cd /runtime \
 && npm install --omit=dev --no-audit --no-fund --no-package-lock /app/coc-emulator-*.tgz \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
    node_modules/coc-emulator/dist/index.mjs node_modules/coc-emulator/dist/index.cjs node_modules/coc-emulator/dist/src \
 && if [ -d node_modules/better-sqlite3/prebuilds ]; then \
      find node_modules/better-sqlite3/prebuilds -type f ! -name "linux-$(node -p process.arch).node" -delete; fi

# Run: the installed package and its runtime dependencies; no compilers, no dev dependencies.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
COPY --from=build /runtime/node_modules ./node_modules
RUN mkdir -p /data && chown node:node /data
USER node
# Keep tickets across container restarts with COC_DB=/data/coc.db and a volume on /data.
VOLUME ["/data"]
EXPOSE 8080
# The image has no curl: node asks the readiness route itself.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/__admin/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "node_modules/coc-emulator/dist/coc-emulator.mjs"]
