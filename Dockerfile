# syntax=docker/dockerfile:1
# The landscape binary in a small image:
#
#   docker build -t landscape .
#   docker run --rm -v "$PWD:/data" -w /data landscape build --out site
#
# Stage 1 builds a release binary; stage 2 is Debian slim with only that binary and CA
# certificates (for --github and inputs given by URL). The poster's font (DejaVu Sans) is
# compiled into the binary (src/logos/viewbox.rs), so the image needs no font package.
# git is not included: `landscape diff` runs where the repository is checked out (the
# GitHub Action runs on the runner, not in this image).

# The toolchain the test suite runs with (Cargo.toml asks for 1.92 or later). Builder and
# runtime share Debian 13 (trixie), so the binary links against the glibc it runs with.
FROM rust:1.95-slim-trixie AS build
WORKDIR /src
COPY . .
# BuildKit cache mounts keep the crate registry and the build directory between builds, so a
# rebuild after a source change recompiles only this crate. The binary is copied out of the
# cache mount, which the next stage cannot see.
ENV CARGO_PROFILE_RELEASE_STRIP=true
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin landscape \
    && cp target/release/landscape /usr/local/bin/landscape

FROM debian:trixie-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/landscape /usr/local/bin/landscape
# Not root: files written into a mounted directory belong to uid 1000 (pass --user to match yours).
USER 1000:1000
# uid 1000 has no home: the default cache goes to /tmp (pass --cache .cache to keep it in
# the mounted directory between runs, as the example workflows do).
ENV XDG_CACHE_HOME=/tmp/cache
WORKDIR /data
ENTRYPOINT ["landscape"]
CMD ["--help"]
