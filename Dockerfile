# Production image: API + built web app in one process (DESIGN.md §2).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm i -g pnpm@10.34.9
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/core/package.json packages/core/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build && pnpm deploy --filter @schoolloket/api --prod --legacy /out

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /out ./
COPY --from=build /app/apps/api/dist ./dist
COPY --from=build /app/apps/web/dist ./web
ENV WEB_DIST=/app/web
USER node
EXPOSE 3000
CMD ["node", "dist/server.js"]
