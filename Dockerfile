# The bot's container image (README, "Deploy"). Node 20 on Debian slim, two stages:
#
#   build    the dev dependencies, then deploy/release.sh: the bundle (npm run build) and a
#            production install (npm ci --omit=dev) into /app. `npm test` runs the same script
#            into a temporary folder and starts the result (test/release/production-install.test.ts).
#   runtime  /app only (no compiler, no esbuild, no tsx), as a non-root user, SQLite data on /data.
#
#   docker build -t openai-access-bot .
#   docker run -d --env-file .env -v access-bot-data:/data -p 3000:3000 openai-access-bot

FROM node:20-slim AS build
# better-sqlite3 downloads a prebuilt binary, or compiles itself when it cannot (needs these three).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN deploy/release.sh /app

FROM node:20-slim
# A user of its own, no login, no home but the app: the bot needs to write only to /data.
RUN groupadd --system --gid 10001 access-bot \
 && useradd --system --uid 10001 --gid access-bot --home-dir /app --shell /usr/sbin/nologin access-bot \
 && mkdir /data \
 && chown access-bot:access-bot /data
WORKDIR /app
COPY --from=build /app /app
# The default DATABASE_URL (sqlite:./data/access-bot.sqlite) also lands on the volume, so an env
# file that leaves DATABASE_URL blank (as .env.example does) still writes to /data.
RUN ln -s /data /app/data
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/access-bot.sqlite
# The SQLite database (and its -wal and -shm files). With DATABASE_URL=postgres://… nothing is written here.
VOLUME /data
EXPOSE 3000
USER 10001:10001
# Slim has no curl: node asks /healthz (200 while the database answers, 503 when it does not).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (src/main.ts): it stops taking requests, finishes work
# in flight (up to 25 s) and closes the database, so give it 30 s (docker stop -t 30, compose
# stop_grace_period, Kubernetes' default terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
# The node options of `npm start` (package.json; README, "Benchmarks"), without npm in between.
CMD ["node", "--single-threaded-gc", "--min-semi-space-size=4", "--max-semi-space-size=4", "dist/main.mjs"]
