# One image recipe for every service; the APP build argument picks the service.
#   docker build --build-arg APP=hand -t saga-kit-hand .
# Build stages only depend on the sources, so all services share their cached layers.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
COPY bin ./bin
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The saga-kit CLI (`node bin/saga-kit.js --help`) for operators inside the container.
COPY --from=build /app/bin ./bin
USER node
# Declared last so that changing it rebuilds nothing but this layer.
ARG APP=hand
# tsc keeps the source layout (rootDir ./): apps/<app>/src/main.ts -> dist/apps/<app>/src/main.js
ENV APP=${APP} APP_MAIN=dist/apps/${APP}/src/main.js
# No EXPOSE: the service listens on PORT, else its own default (hand 3001, table 3002,
# player 3003, dlq-worker 3004); docker-compose.yml sets PORT and publishes it.
# exec: node becomes PID 1 and receives SIGTERM from `docker stop` for a graceful shutdown.
CMD ["sh", "-c", "exec node \"$APP_MAIN\""]
