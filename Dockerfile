# One image per service, built from the whole workspace:
#   docker build --target worker -t lastcall-worker .
#   docker build --target migrate -t lastcall-migrate .
#   docker build --target web -t lastcall-web .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY prisma ./prisma
COPY docs ./docs
COPY packages ./packages
COPY apps ./apps
ENV TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# git clones repositories. tini runs as PID 1: it forwards SIGTERM to Node and reaps the git and
# analysis processes the worker kills, which Node as PID 1 would leave as zombies.
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production LASTCALL_MIGRATIONS_DIR=/app/prisma/migrations
COPY --from=build /app /app
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]

FROM runtime AS migrate
CMD ["node", "packages/db/dist/migrate-cli.js"]

FROM runtime AS worker
CMD ["node", "apps/worker/dist/main.js"]

FROM runtime AS web
EXPOSE 3000
CMD ["node", "apps/web/dist/server.js"]
