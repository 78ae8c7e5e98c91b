# The CCHC server image: a release build on Debian, run as an unprivileged user.
# Build: docker build -t cchc-server .   (docker-compose.yml does this for you)

FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p cchc-server

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data cchc \
    && mkdir -p /data \
    && chown cchc /data
COPY --from=build /src/target/release/cchc-server /usr/local/bin/cchc-server
USER cchc
WORKDIR /data
ENV CCHC_BIND=0.0.0.0:8080 \
    CCHC_LOG_FORMAT=json \
    MALLOC_ARENA_MAX=2
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 CMD ["cchc-server", "healthcheck"]
ENTRYPOINT ["cchc-server"]
CMD ["serve"]
