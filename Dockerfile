# syntax=docker/dockerfile:1

# Build: compile TypeScript and better-sqlite3's native module, then drop dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY ui ./ui
COPY seeds ./seeds
COPY fixtures ./fixtures
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Run: production dependencies, the compiled code, fixtures and the schema; no compilers.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/fixtures ./fixtures
COPY --from=build /app/seeds/schema.sql /app/seeds/indexes.sql ./seeds/
RUN mkdir -p /data && chown node:node /data
USER node
# Keep tickets across container restarts with COC_DB=/data/coc.db and a volume on /data.
VOLUME ["/data"]
EXPOSE 8080
# The image has no curl: node asks the readiness route itself.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/__admin/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/coc-emulator.mjs"]
