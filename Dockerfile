# syntax=docker/dockerfile:1
# Multi-stage build: compile with dev dependencies, ship production dependencies only, run as a non-root user.
# The image brings Node 24 itself, so the optional node-linux-<arch> packages (how a plain checkout gets its Node,
# see .nvmrc) are omitted: --omit=optional also drops msgpackr-extract, whose JavaScript fallback BullMQ uses.

FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=optional --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

FROM node:24.22.3-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund

FROM node:24.22.3-bookworm-slim
# yt-dlp and ffmpeg: content acquisition from video platforms (content.ytDlp = auto finds them on PATH).
RUN apt-get update \
 && apt-get install -y --no-install-recommends yt-dlp ffmpeg \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node config ./config
COPY --chown=node:node examples ./examples
RUN mkdir -p /app/data && chown node:node /app/data
# The embedded database lives here; mount a volume, or set DATABASE_URL (and REDIS_URL to share queues).
VOLUME /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/main.js"]
