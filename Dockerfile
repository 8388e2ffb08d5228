# syntax=docker/dockerfile:1
# Build: a static binary (no cgo; time-zone data is compiled in through time/tzdata).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/reportbot . \
 && mkdir -p /out/data

# Run: a small image with CA certificates, as an unprivileged user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/reportbot /usr/local/bin/reportbot
# The data folder belongs to the nonroot user (65532), so a new named volume mounted on it
# starts writable (Docker copies the image folder's owner into an empty volume).
COPY --from=build --chown=65532:65532 /out/data /data
ENV DATA_DIR=/data \
    LISTEN_ADDR=0.0.0.0:8080 \
    TIMEZONE=Asia/Ho_Chi_Minh
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/reportbot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/reportbot"]
